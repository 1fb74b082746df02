import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sign } from '../crypto/ed25519';
import { randomBytes } from '../crypto/random';
import { decodeEntry, entryHash, signEntry, type IdentityBody } from '../chains/entry';
import { VaultError, type ErrorCode } from '../protocol/errors';
import { encodeCanonical } from '../crypto/cbor';
import { toBase64url } from '../crypto/base64url';
import { crc32Suffix } from '../crypto/crc32';
import { decodeInvite, type Invite } from './invite';
import { openMessage } from './messages';
import type { NewDevicePairing } from './new-side';
import { decodeApproval, decodeApprovalBody, encodeApproval, encodeApprovalBody, encodeOffer, type ApprovalBody } from './payloads';
import { flipBit, forgeMessage, PairingScene } from './test-fixtures';

async function refusal(run: () => unknown): Promise<{ code: ErrorCode; message: string }> {
  try {
    await run();
  } catch (error) {
    if (error instanceof VaultError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

/** Re-make the approval the new device got, changed by `edit`, signed and sealed as the trusted device could. */
function reapprove(scene: PairingScene, side: NewDevicePairing, message: Uint8Array, edit: (body: ApprovalBody) => ApprovalBody): Uint8Array {
  const facts = side.snapshot.facts;
  const approval = decodeApproval(openMessage(scene.k, 'approval', facts, message));
  const body = encodeApprovalBody(edit(decodeApprovalBody(approval.body)));
  const payload = encodeApproval({ body, sig: sign('pair/v1', scene.alice.first.signing.seed, body) });
  return forgeMessage(scene.k, 'approval', facts, payload);
}

/** The invite text with one field replaced and a correct checksum: what a tamperer could print. */
function retyped(invite: Invite, change: Partial<{ server: string; invite: Uint8Array; secret: Uint8Array; fingerprint: Uint8Array }>): Invite {
  const fields = { kind: 'pair-invite', v: 1, server: invite.server, invite: invite.inviteId, secret: invite.secret, fingerprint: invite.fingerprint, ...change };
  const payload = encodeCanonical(fields);
  return decodeInvite(`vault-pair:v1:${toBase64url(new Uint8Array([...payload, ...crc32Suffix(payload)]))}`);
}

describe('the new device: what it refuses in an offer', () => {
  it('refuses an offer made for another device holding the same invite: the keys are bound (swapped key in flight)', async () => {
    const scene = new PairingScene();
    const first = scene.newDevice();
    const second = scene.newDevice();
    const offer = scene.trusted.receiveHello(first.hello);
    expect((await refusal(() => second.side.receiveOffer(offer))).code).toBe('DECRYPT_FAILED');
    expect(second.side.phase).toBe('awaiting-offer');
  });

  it('refuses an offer of another invite (REPLAY) or sealed under another key (DECRYPT_FAILED), changing nothing', async () => {
    const scene = new PairingScene();
    const other = new PairingScene();
    const mine = scene.newDevice();
    const theirs = other.newDevice(other.invite);
    const foreignOffer = other.trusted.receiveHello(theirs.hello);
    expect((await refusal(() => mine.side.receiveOffer(foreignOffer))).code).toBe('REPLAY');
    const offerPayload = encodeOffer({ device: { id: randomBytes(16), signingKey: randomBytes(32), x25519Key: randomBytes(32) }, nonce: randomBytes(32), fingerprint: scene.alice.id, identity: { seq: 0, head: randomBytes(32) } });
    const underOtherKey = forgeMessage(other.k, 'offer', mine.side.snapshot.facts, offerPayload);
    expect((await refusal(() => mine.side.receiveOffer(underOtherKey))).code).toBe('DECRYPT_FAILED');
    expect(mine.side.phase).toBe('awaiting-offer');
    expect(() => mine.side.receiveOffer(scene.trusted.receiveHello(mine.hello))).not.toThrow();
  });

  it('refuses an offer for another vault than the invite names (FORK)', async () => {
    const scene = new PairingScene();
    const { side } = scene.newDevice();
    const offerPayload = encodeOffer({ device: { id: randomBytes(16), signingKey: randomBytes(32), x25519Key: randomBytes(32) }, nonce: randomBytes(32), fingerprint: randomBytes(32), identity: { seq: 0, head: randomBytes(32) } });
    const forged = forgeMessage(scene.k, 'offer', side.snapshot.facts, offerPayload);
    expect(await refusal(() => side.receiveOffer(forged))).toMatchObject({ code: 'FORK', message: expect.stringMatching(/another vault/) });
    expect(side.phase).toBe('aborted');
  });

  it('shows a code the trusted device does not hold when someone with the invite swaps in their own keys', () => {
    const scene = new PairingScene();
    const victim = scene.newDevice();
    const mallory = scene.newDevice();
    // Mallory answers the trusted device with her own keys and relays nothing of the victim's.
    const offerToMallory = scene.trusted.receiveHello(mallory.hello);
    const { reveal } = mallory.side.receiveOffer(offerToMallory);
    const candidates = scene.trusted.receiveReveal(reveal);
    // Toward the victim she must pose as the trusted device: her offer cannot carry the trusted nonce
    // the victim's code depends on together with the trusted device's transcript.
    const facts = victim.side.snapshot.facts;
    const fake = forgeMessage(scene.k, 'offer', facts, encodeOffer({ device: { id: randomBytes(16), signingKey: randomBytes(32), x25519Key: randomBytes(32) }, nonce: randomBytes(32), fingerprint: scene.alice.id, identity: { seq: 0, head: scene.alice.state.head } }));
    const { sas } = victim.side.receiveOffer(fake);
    expect(sas).not.toBe(scene.trusted.snapshot.sas);
    if (candidates.includes(sas)) expect(() => scene.trusted.choose(sas)).toThrow(/not the one/);
  });
});

describe('the new device: what it refuses in an approval', () => {
  it('refuses an approval whose MAC fails, changing nothing, then accepts the real one', async () => {
    const scene = new PairingScene();
    const { side, approval } = await scene.toApproval();
    for (const bit of [0, 100, approval.message.length * 8 - 1]) {
      const code = (await refusal(() => side.receiveApproval(flipBit(approval.message, bit)))).code;
      expect(['DECRYPT_FAILED', 'BAD_ENCODING', 'REPLAY', 'BAD_INPUT']).toContain(code);
    }
    expect(side.phase).toBe('awaiting-approval');
    await expect(side.receiveApproval(approval.message)).resolves.toMatchObject({ identity: scene.alice.id });
  });

  it('refuses an approval that arrives for another invite (REPLAY)', async () => {
    const scene = new PairingScene();
    const other = new PairingScene();
    const { side } = await scene.toApproval();
    const foreign = await other.toApproval();
    expect((await refusal(() => side.receiveApproval(foreign.approval.message))).code).toBe('REPLAY');
    expect(side.phase).toBe('awaiting-approval');
  });

  it('refuses an approval whose fingerprint differs from the invite (FORK) and aborts', async () => {
    const scene = new PairingScene();
    const { side, approval } = await scene.toApproval();
    const forged = reapprove(scene, side, approval.message, (body) => ({ ...body, fingerprint: randomBytes(32) }));
    expect(await refusal(() => side.receiveApproval(forged))).toMatchObject({ code: 'FORK', message: expect.stringMatching(/another vault/) });
    expect(side.phase).toBe('aborted');
    expect((await refusal(() => side.receiveApproval(approval.message))).code).toBe('CONFLICT');
  });

  it('refuses an approval for another server, another exchange, or not signed by the trusted device', async () => {
    for (const [edit, code] of [
      [(body: ApprovalBody) => ({ ...body, server: 'https://evil.example' }), 'BAD_INPUT'],
      [(body: ApprovalBody) => ({ ...body, transcript: randomBytes(32) }), 'BAD_SIGNATURE'],
    ] as const) {
      const scene = new PairingScene();
      const { side, approval } = await scene.toApproval();
      expect((await refusal(() => side.receiveApproval(reapprove(scene, side, approval.message, edit)))).code).toBe(code);
    }
    const scene = new PairingScene();
    const { side, approval } = await scene.toApproval();
    const payload = decodeApproval(openMessage(scene.k, 'approval', side.snapshot.facts, approval.message));
    const unsigned = forgeMessage(scene.k, 'approval', side.snapshot.facts, encodeApproval({ body: payload.body, sig: randomBytes(64) }));
    expect((await refusal(() => side.receiveApproval(unsigned))).code).toBe('BAD_SIGNATURE');
  });

  it('refuses an add-device entry that adds another device, sits elsewhere, or whose seal is not for it', async () => {
    const cases: [string, (scene: PairingScene, body: ApprovalBody) => ApprovalBody, ErrorCode][] = [
      ['another device', (scene, body) => withEntry(body, resigned(scene, body.entry, (b) => withArgs(b, { deviceId: randomBytes(16) }))), 'BAD_CHAIN'],
      ['another vault', (scene, body) => withEntry(body, resigned(scene, body.entry, (b) => ({ ...b, chainId: randomBytes(32), author: { ...b.author, identity: randomBytes(32) } }))), 'BAD_CHAIN'],
      ['a signature by another key', (_scene, body) => withEntry(body, signEntry(decodeEntry(body.entry).body, randomBytes(32))), 'BAD_CHAIN'],
      ['another head', (_scene, body) => ({ ...body, identity: { seq: body.identity.seq, head: randomBytes(32) } }), 'BAD_CHAIN'],
      ['a seal it cannot open', (scene, body) => withEntry(body, resigned(scene, body.entry, (b) => withArgs(b, { userKeySeal: randomBytes(80) }))), 'DECRYPT_FAILED'],
      ['another generation', (_scene, body) => ({ ...body, userKey: { ...body.userKey, generation: 1 } }), 'DECRYPT_FAILED'],
      ['another public key', (_scene, body) => ({ ...body, userKey: { ...body.userKey, publicKey: randomBytes(32) } }), 'KEY_COMMITMENT_MISMATCH'],
    ];
    for (const [what, edit, code] of cases) {
      const scene = new PairingScene();
      const { side, approval } = await scene.toApproval();
      const forged = reapprove(scene, side, approval.message, (body) => edit(scene, body));
      expect((await refusal(() => side.receiveApproval(forged))).code, what).toBe(code);
      expect(side.phase, what).toBe('aborted');
    }
  });

  it('refuses any changed bit of any message, on either side, without changing state', async () => {
    const scene = new PairingScene();
    const { side, hello } = scene.newDevice();
    const offer = scene.trusted.receiveHello(hello);
    const { reveal } = side.receiveOffer(offer);
    scene.trusted.receiveReveal(reveal);
    const t = scene.trusted;
    const stateBefore = { trusted: t.snapshot, side: side.snapshot };
    const fresh = scene.newDevice();
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom('hello', 'offer', 'reveal'), (at, which) => {
        if (which === 'hello') {
          // Against a fresh trusted device: a changed hello must not open.
          const other = new PairingScene();
          const bytes = other.newDevice().hello;
          expect(() => other.trusted.receiveHello(flipBit(bytes, at % (bytes.length * 8)))).toThrow(VaultError);
          expect(other.trusted.phase).toBe('awaiting-hello');
          return;
        }
        const bytes = which === 'offer' ? offer : reveal;
        const changed = flipBit(bytes, at % (bytes.length * 8));
        if (which === 'offer') expect(() => fresh.side.receiveOffer(changed)).toThrow(VaultError);
        else expect(() => t.receiveReveal(changed)).toThrow(VaultError);
      }),
      { numRuns: 60 },
    );
    expect(t.snapshot).toBe(stateBefore.trusted);
    expect(side.snapshot).toBe(stateBefore.side);
    expect(fresh.side.phase).toBe('awaiting-offer');
  });
});

describe('a tampered invite (re-encoded with a correct checksum)', () => {
  it('fails at the first message when the server, fingerprint or secret was changed, and leaves the invite open', async () => {
    for (const change of ['server', 'fingerprint', 'secret'] as const) {
      const scene = new PairingScene();
      const values = { server: 'https://evil.example', fingerprint: randomBytes(32), secret: randomBytes(16) };
      const tampered = retyped(scene.invite, { [change]: values[change] });
      const { hello } = scene.newDevice(tampered);
      expect((await refusal(() => scene.trusted.receiveHello(hello))).code, change).toBe('DECRYPT_FAILED');
      expect(scene.trusted.phase).toBe('awaiting-hello');
    }
    const scene = new PairingScene();
    const { hello } = scene.newDevice(retyped(scene.invite, { invite: randomBytes(16) }));
    expect((await refusal(() => scene.trusted.receiveHello(hello))).code).toBe('REPLAY');
  });
});

/** The body with `entry` in place and the identity head pointing at it. */
function withEntry(body: ApprovalBody, entry: Uint8Array): ApprovalBody {
  return { ...body, entry, identity: { seq: body.identity.seq, head: entryHash(entry) } };
}

type AddDeviceArgs = Extract<IdentityBody, { op: 'add-device' }>['args'];

function withArgs(body: IdentityBody, change: Partial<AddDeviceArgs>): IdentityBody {
  if (body.op !== 'add-device') throw new Error('not add-device');
  return { ...body, args: { ...body.args, ...change } };
}

/** Re-sign an add-device entry with the trusted device's seed after `edit`. */
function resigned(scene: PairingScene, entry: Uint8Array, edit: (body: IdentityBody) => IdentityBody): Uint8Array {
  const body = decodeEntry(entry).body as IdentityBody;
  return signEntry(edit(body), scene.alice.first.signing.seed);
}
