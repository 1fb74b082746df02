import { describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/random';
import { deviceSigner, newDevice } from '../chains/test-fixtures';
import { VaultError, type ErrorCode } from '../protocol/errors';
import { createInvite, type Invite } from './invite';
import { encodeReveal } from './payloads';
import { forgeMessage, PairingScene, SERVER } from './test-fixtures';
import { INVITE_LIFETIME_MS, TrustedPairing } from './trusted-side';

function refusal(run: () => unknown): { code: ErrorCode; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof VaultError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the trusted device: expiry on its own clock', () => {
  it('accepts a hello just before 5 minutes and refuses one at 5 minutes (STALE), aborting the invite', () => {
    const early = new PairingScene();
    early.clock.advance(INVITE_LIFETIME_MS - 1);
    expect(() => early.trusted.receiveHello(early.newDevice().hello)).not.toThrow();

    const late = new PairingScene();
    late.clock.advance(INVITE_LIFETIME_MS);
    expect(refusal(() => late.trusted.receiveHello(late.newDevice().hello))).toMatchObject({ code: 'STALE', message: expect.stringMatching(/expired/) });
    expect(late.trusted.phase).toBe('aborted');
    expect(refusal(() => late.trusted.receiveHello(late.newDevice().hello)).code).toBe('CONFLICT');
  });

  it('refuses the pick and the approval once the invite expired mid-exchange', async () => {
    const scene = new PairingScene();
    const { sas } = scene.toPick();
    scene.clock.advance(INVITE_LIFETIME_MS);
    expect(refusal(() => scene.trusted.choose(sas)).code).toBe('STALE');

    const slow = new PairingScene();
    const picked = slow.toPick();
    slow.trusted.choose(picked.sas);
    slow.clock.advance(INVITE_LIFETIME_MS + 1);
    await expect(slow.trusted.approve({ identity: slow.alice.state, userKey: slow.userKey, collections: [] })).rejects.toMatchObject({ code: 'STALE' });
  });

  it('aborts when its clock went back since the invite was made', () => {
    const scene = new PairingScene();
    scene.clock.advance(-1);
    expect(refusal(() => scene.trusted.receiveHello(scene.newDevice().hello))).toMatchObject({ code: 'STALE', message: expect.stringMatching(/clock went back/) });
  });
});

describe('the trusted device: single use', () => {
  it('aborts when two answers arrive ("two answers arrived"), and the first device cannot go on', () => {
    const scene = new PairingScene();
    const first = scene.newDevice();
    const second = scene.newDevice();
    const offer = scene.trusted.receiveHello(first.hello);
    expect(refusal(() => scene.trusted.receiveHello(second.hello))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/two answers arrived/) });
    expect(scene.trusted.phase).toBe('aborted');
    const { reveal } = first.side.receiveOffer(offer);
    expect(refusal(() => scene.trusted.receiveReveal(reveal)).code).toBe('CONFLICT');
  });

  it('aborts on a second answer at any later step, even after the right pick', () => {
    const scene = new PairingScene();
    const { sas } = scene.toPick();
    scene.trusted.choose(sas);
    expect(refusal(() => scene.trusted.receiveHello(scene.newDevice().hello)).message).toMatch(/two answers arrived/);
    expect(scene.trusted.phase).toBe('aborted');
  });

  it('answers an exact resend of the same hello with the same offer: a resend is not a second answer', () => {
    const scene = new PairingScene();
    const { hello } = scene.newDevice();
    const offer = scene.trusted.receiveHello(hello);
    expect(scene.trusted.receiveHello(hello)).toEqual(offer);
    expect(scene.trusted.phase).toBe('awaiting-reveal');
  });

  it('answers the same hello again after the reveal and the pick (a relay replay, a restarted worker) without aborting', () => {
    const scene = new PairingScene();
    const { sas } = scene.toPick();
    const hello = scene.trusted.snapshot.hello ?? expect.fail('no hello');
    const offer = scene.trusted.snapshot.offer;
    expect(scene.trusted.receiveHello(hello)).toEqual(offer);
    expect(scene.trusted.phase).toBe('awaiting-pick');
    scene.trusted.choose(sas);
    expect(scene.trusted.receiveHello(hello)).toEqual(offer);
    expect(scene.trusted.phase).toBe('confirmed');
  });

  it('refuses every message once the invite was used (reused invite)', async () => {
    const scene = new PairingScene();
    await scene.pair();
    expect(refusal(() => scene.trusted.receiveHello(scene.newDevice().hello))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already used/) });
  });

  it('does not count a message that does not authenticate as an answer', () => {
    const scene = new PairingScene();
    const other = createInvite(SERVER, scene.alice.id);
    const foreign = scene.newDevice({ ...other, inviteId: scene.invite.inviteId } satisfies Invite);
    expect(refusal(() => scene.trusted.receiveHello(foreign.hello)).code).toBe('DECRYPT_FAILED');
    expect(scene.trusted.phase).toBe('awaiting-hello');
    expect(() => scene.toPick()).not.toThrow();
  });
});

describe('the trusted device: the reveal and the pick', () => {
  it('refuses a wrong pick and aborts: no second try', () => {
    const scene = new PairingScene();
    const { sas, candidates } = scene.toPick();
    const decoy = candidates.find((code) => code !== sas) ?? '';
    expect(refusal(() => scene.trusted.choose(decoy))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/not the one/) });
    expect(scene.trusted.phase).toBe('aborted');
    expect(refusal(() => scene.trusted.choose(sas)).code).toBe('CONFLICT');
  });

  it('refuses a reveal whose nonce does not open the commitment sent first (BAD_SIGNATURE), and aborts', () => {
    const scene = new PairingScene();
    const { side, hello } = scene.newDevice();
    const offer = scene.trusted.receiveHello(hello);
    side.receiveOffer(offer);
    const facts = side.snapshot.facts;
    const forged = forgeMessage(scene.k, 'reveal', facts, encodeReveal({ nonce: randomBytes(32), proof: new Uint8Array(64) }));
    expect(refusal(() => scene.trusted.receiveReveal(forged))).toMatchObject({ code: 'BAD_SIGNATURE', message: expect.stringMatching(/commitment/) });
    expect(scene.trusted.phase).toBe('aborted');
  });

  it('refuses a reveal without a proof that the new device holds its signing key', () => {
    const scene = new PairingScene();
    const { side, hello } = scene.newDevice();
    side.receiveOffer(scene.trusted.receiveHello(hello));
    const facts = side.snapshot.facts;
    const forged = forgeMessage(scene.k, 'reveal', facts, encodeReveal({ nonce: side.snapshot.nonce, proof: randomBytes(64) }));
    expect(refusal(() => scene.trusted.receiveReveal(forged))).toMatchObject({ code: 'BAD_SIGNATURE', message: expect.stringMatching(/signing key/) });
  });

  it('refuses steps out of order without aborting', () => {
    const scene = new PairingScene();
    const { side, hello } = scene.newDevice();
    expect(refusal(() => scene.trusted.receiveReveal(hello)).code).toBe('BAD_INPUT');
    expect(refusal(() => scene.trusted.choose('000000')).code).toBe('BAD_INPUT');
    const { reveal } = side.receiveOffer(scene.trusted.receiveHello(hello));
    expect(refusal(() => scene.trusted.receiveHello(reveal)).code).toBe('BAD_INPUT');
    expect(scene.trusted.receiveReveal(reveal)).toContain(side.sas);
    expect(scene.trusted.receiveReveal(reveal)).toContain(side.sas);
  });

  it('aborts on cancel (no candidate matched)', () => {
    const scene = new PairingScene();
    scene.toPick();
    scene.trusted.cancel();
    expect(scene.trusted.phase).toBe('aborted');
  });
});

describe('the trusted device: the approval', () => {
  it('signs the add-device entry on the head it is given: after a CONFLICT it re-signs on the new head', async () => {
    const scene = new PairingScene();
    const { side, sas } = scene.toPick();
    scene.trusted.choose(sas);
    const stale = await scene.trusted.approve({ identity: scene.alice.state, userKey: scene.userKey, collections: [] });
    scene.alice.addDevice(deviceSigner(scene.alice.first), newDevice());
    const fresh = await scene.trusted.approve({ identity: scene.alice.state, userKey: scene.userKey, collections: [] });
    expect(fresh.entry.state.length).toBe(stale.entry.state.length + 1);
    const joined = await side.receiveApproval(fresh.message);
    expect(joined.identityHead.seq).toBe(2);
  });

  it('refuses to seal a user-key generation that is not the current one', async () => {
    const scene = new PairingScene();
    const { sas } = scene.toPick();
    scene.trusted.choose(sas);
    const old = scene.userKey;
    scene.alice.rotate(deviceSigner(scene.alice.first));
    await expect(scene.trusted.approve({ identity: scene.alice.state, userKey: old, collections: [] })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('refuses to approve before the right code was picked', async () => {
    const scene = new PairingScene();
    scene.toPick();
    await expect(scene.trusted.approve({ identity: scene.alice.state, userKey: scene.userKey, collections: [] })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('starts only on a device trusted in the invited vault', () => {
    const scene = new PairingScene();
    const stranger = newDevice();
    expect(refusal(() => TrustedPairing.start(scene.invite, { deviceId: stranger.deviceId, seed: stranger.signing.seed }, scene.alice.state, scene.clock)).code).toBe('UNTRUSTED_WRITER');
    const other = new PairingScene();
    const first = scene.alice.first;
    expect(refusal(() => TrustedPairing.start(other.invite, { deviceId: first.deviceId, seed: first.signing.seed }, scene.alice.state, scene.clock)).code).toBe('BAD_INPUT');
  });
});
