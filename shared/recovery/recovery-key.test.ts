import { expand, extract } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { signingKeyPairFromSeed } from '../crypto/ed25519';
import { appendIdentityEntry } from '../chains/append';
import { validateIdentityChain } from '../chains/identity-chain';
import { deviceSigner, recoverySigner, newDevice, TestIdentity } from '../chains/test-fixtures';
import { createRecoveryKit } from './kit';
import { planNewKit } from './new-kit';
import { checkKit, deriveRecoveryKeys, openUserKeyWithKit } from './recovery-key';
import { setKit, userKeyOf, vaultWithKit } from './test-fixtures';
import { rotateUserKeyOp } from './user-key-rotation';

describe('recovery keys derived from a kit', () => {
  it('are HKDF-SHA-256 of the secret with "recovery/v1 signing|x25519" ‖ fingerprint', () => {
    const kit = createRecoveryKit(new Uint8Array(32).fill(7));
    const info = (label: string) => new Uint8Array([...new TextEncoder().encode(label), ...kit.fingerprint]);
    const prk = extract(sha256, kit.secret, new Uint8Array(32));
    const keys = deriveRecoveryKeys(kit);
    expect(keys.signing).toEqual(signingKeyPairFromSeed(expand(sha256, prk, info('recovery/v1 signing'), 32)));
    expect(keys.x25519.privateKey).toEqual(expand(sha256, prk, info('recovery/v1 x25519'), 32));
  });

  it('differ for the same secret on another vault', () => {
    const kit = createRecoveryKit(new Uint8Array(32).fill(1));
    const moved = { ...kit, fingerprint: new Uint8Array(32).fill(2) };
    expect(deriveRecoveryKeys(moved).signing.publicKey).not.toEqual(deriveRecoveryKeys(kit).signing.publicKey);
  });
});

describe('checking a kit against the identity chain', () => {
  it('accepts the current kit and opens the current user key with it', async () => {
    const { alice, kit } = await vaultWithKit();
    expect(checkKit(kit, alice.state).signing.publicKey).toEqual(alice.state.recoveryKey?.signingKey);
    const opened = await openUserKeyWithKit(kit, alice.entries, alice.state);
    expect(opened.privateKey).toEqual(alice.userKey.privateKey);
  });

  it('opens the generation a later rotation sealed to it', async () => {
    const { alice, kit } = await vaultWithKit();
    const { op, userKey } = await rotateUserKeyOp(alice.state, { by: 'device', id: alice.first.deviceId });
    alice.append(deviceSigner(alice.first), op);
    const opened = await openUserKeyWithKit(kit, alice.entries, alice.state);
    expect(opened).toEqual(userKey);
    expect(opened.generation).toBe(1);
  });

  it('refuses a kit for another vault (FORK)', async () => {
    const { alice } = await vaultWithKit();
    const bob = await vaultWithKit();
    expect(() => checkKit(bob.kit, alice.state)).toThrow(expect.objectContaining({ code: 'FORK', message: expect.stringMatching(/another vault/) }));
  });

  it('refuses a kit of this vault that is not its recovery key: never set, replaced, or revoked (UNTRUSTED_WRITER)', async () => {
    const alice = new TestIdentity();
    const never = createRecoveryKit(alice.id);
    expect(() => checkKit(never, alice.state)).toThrow(expect.objectContaining({ code: 'UNTRUSTED_WRITER' }));

    const old = await setKit(alice);
    const replacement = await planNewKit(alice.state, deviceSigner(alice.first), userKeyOf(alice));
    const after = validateIdentityChain([...alice.entries, ...replacement.entries.map((e) => e.bytes)]);
    expect(() => checkKit(old, after)).toThrow(expect.objectContaining({ code: 'UNTRUSTED_WRITER', message: expect.stringMatching(/replaced/) }));
    expect(checkKit(replacement.kit, after)).toBeDefined();

    const revoked = appendIdentityEntry(after, after.head, deviceSigner(alice.first), { op: 'revoke-recovery-key', args: {} });
    expect(() => checkKit(replacement.kit, revoked.state)).toThrow(expect.objectContaining({ code: 'UNTRUSTED_WRITER', message: expect.stringMatching(/revoked/) }));
  });
});

describe('a new kit', () => {
  it('replacing a kit rotates the user key, sealed to the devices and the new kit only', async () => {
    const { alice, kit } = await vaultWithKit(2);
    const plan = await planNewKit(alice.state, deviceSigner(alice.first), userKeyOf(alice));
    expect(plan.entries.map((e) => e.state.length)).toEqual([alice.state.length + 1, alice.state.length + 2]);
    const entries = [...alice.entries, ...plan.entries.map((e) => e.bytes)];
    const state = validateIdentityChain(entries, alice.id);
    expect(state.userKey.generation).toBe(1);
    expect(state.userKeyRotationDue).toBe(false);
    await expect(openUserKeyWithKit(plan.kit, entries, state)).resolves.toEqual(plan.userKey);
    await expect(openUserKeyWithKit(kit, entries, state)).rejects.toMatchObject({ code: 'UNTRUSTED_WRITER' });
  });

  it('a first kit needs no rotation', async () => {
    const alice = new TestIdentity();
    const plan = await planNewKit(alice.state, deviceSigner(alice.first), userKeyOf(alice));
    expect(plan.entries).toHaveLength(1);
    await expect(openUserKeyWithKit(plan.kit, [...alice.entries, ...plan.entries.map((e) => e.bytes)], plan.state)).resolves.toMatchObject({ generation: 0 });
  });

  it('the recovery key may sign entries, and each one is recorded as an alert', async () => {
    const { alice, kit } = await vaultWithKit(1);
    const keys = deriveRecoveryKeys(kit);
    alice.addDevice(recoverySigner(keys), newDevice());
    expect(alice.state.recoverySignedAt).toEqual([alice.state.length - 1]);
  });
});
