import { describe, expect, it } from 'vitest';
import { keyOf } from '../chains/chain-link';
import { decodeEntry } from '../chains/entry';
import { trustedDevices, validateIdentityChain } from '../chains/identity-chain';
import { deviceSigner, TestIdentity } from '../chains/test-fixtures';
import { openUserKey } from '../pairing/user-key-seal';
import { createRecoveryKit, kitFromText, kitToText } from './kit';
import { planNewKit } from './new-kit';
import { planRecovery } from './plan';
import { checkKit, openUserKeyWithKit } from './recovery-key';
import { userKeyOf, vaultWithKit } from './test-fixtures';

describe('recovery from a fresh browser', () => {
  it('enrolls a new device by the recovery key, revokes every other device, requires a new kit and rotates the user key', async () => {
    const { alice, kit } = await vaultWithKit(3);
    const typed = kitFromText(kitToText(kit).toLowerCase());
    const plan = await planRecovery({ entries: alice.entries, kit: typed, time: 1_800_000_000_000 });

    const entries = [...alice.entries, ...plan.entries.map((e) => e.bytes)];
    const state = validateIdentityChain(entries, alice.id);
    expect(plan.entries.map((e) => decodeEntry(e.bytes).body.op)).toEqual([
      'add-device',
      'revoke-device',
      'revoke-device',
      'revoke-device',
      'set-recovery-key',
      'rotate-user-key',
    ]);
    expect(plan.entries.map((e) => decodeEntry(e.bytes).body.author.by)).toEqual(['recovery', 'device', 'device', 'device', 'device', 'device']);
    expect(state.recoverySignedAt).toEqual([alice.state.length]);
    expect(trustedDevices(state).map((d) => keyOf(d.deviceId))).toEqual([keyOf(plan.device.deviceId)]);
    expect(plan.revoked).toHaveLength(3);
    expect(state.userKey.generation).toBe(1);
    expect(state.userKeyRotationDue).toBe(false);
    expect(plan.state.head).toEqual(state.head);
    expect(plan.userKeys.map((k) => k.generation)).toEqual([0, 1]);
    expect(plan.userKeys[0]?.privateKey).toEqual(alice.userKey.privateKey);
  });

  it('leaves the old kit useless and the new one working, and the new device can open its seal of the new user key', async () => {
    const { alice, kit } = await vaultWithKit(2);
    const plan = await planRecovery({ entries: alice.entries, kit });
    const entries = [...alice.entries, ...plan.entries.map((e) => e.bytes)];
    const state = validateIdentityChain(entries, alice.id);
    expect(() => checkKit(kit, state)).toThrow(expect.objectContaining({ code: 'UNTRUSTED_WRITER' }));
    await expect(openUserKeyWithKit(plan.kit, entries, state)).resolves.toEqual(plan.userKeys[1]);

    const rotation = decodeEntry(entries.at(-1) ?? new Uint8Array()).body;
    if (rotation.op !== 'rotate-user-key') throw new Error('expected a rotation last');
    const seal = rotation.args.seals.find((s) => s.to === 'device');
    const opened = await openUserKey(
      plan.device.x25519Private,
      seal?.sealed ?? new Uint8Array(),
      { identity: alice.id, generation: 1, recipient: { to: 'device', id: plan.device.deviceId }, granter: { by: 'device', id: plan.device.deviceId } },
      state.userKey.publicKey,
    );
    expect(opened).toEqual(plan.userKeys[1]);
  });

  it('keeps the devices the person chooses to keep, and seals the new user key to them', async () => {
    const { alice, kit, others } = await vaultWithKit(3);
    const kept = others[0];
    if (!kept) throw new Error('fixture');
    const plan = await planRecovery({ entries: alice.entries, kit, keep: [kept.deviceId] });
    const state = validateIdentityChain([...alice.entries, ...plan.entries.map((e) => e.bytes)], alice.id);
    expect(new Set(trustedDevices(state).map((d) => keyOf(d.deviceId)))).toEqual(new Set([keyOf(plan.device.deviceId), keyOf(kept.deviceId)]));
    await expect(planRecovery({ entries: alice.entries, kit, keep: [plan.device.deviceId] })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('refuses a kit for another vault, and a server that shows another chain than the kit names (FORK)', async () => {
    const { alice } = await vaultWithKit(2);
    const bob = await vaultWithKit(2);
    await expect(planRecovery({ entries: alice.entries, kit: bob.kit })).rejects.toMatchObject({ code: 'FORK' });
    const forged = { ...bob.kit, fingerprint: alice.id };
    await expect(planRecovery({ entries: alice.entries, kit: forged })).rejects.toMatchObject({ code: 'UNTRUSTED_WRITER' });
  });

  it('refuses a revoked or replaced kit (UNTRUSTED_WRITER), and a kit of this vault that was never set', async () => {
    const { alice, kit } = await vaultWithKit(2);
    const replaced = await planNewKit(alice.state, deviceSigner(alice.first), userKeyOf(alice));
    const entries = [...alice.entries, ...replaced.entries.map((e) => e.bytes)];
    await expect(planRecovery({ entries, kit })).rejects.toMatchObject({ code: 'UNTRUSTED_WRITER' });
    await expect(planRecovery({ entries, kit: replaced.kit })).resolves.toBeDefined();
    const fresh = new TestIdentity();
    await expect(planRecovery({ entries: fresh.entries, kit: createRecoveryKit(fresh.id) })).rejects.toMatchObject({ code: 'UNTRUSTED_WRITER' });
  });

  it('refuses a mistyped kit before anything else', () => {
    const text = kitToText(createRecoveryKit(new Uint8Array(32)));
    const typo = (text[0] === 'A' ? 'B' : 'A') + text.slice(1);
    expect(() => kitFromText(typo)).toThrow(expect.objectContaining({ code: 'BAD_ENCODING', message: expect.stringMatching(/mistyped/) }));
  });
});
