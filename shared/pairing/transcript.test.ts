import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/random';
import { VaultError } from '../protocol/errors';
import { openMessage, sealMessage } from './messages';
import { sasCandidates, sasCode } from './sas';
import { associatedData, nonceCommitment, PAIRING_STEPS, transcriptHash, type PairingFacts, type PairingStep } from './transcript';

const device = () => ({ id: randomBytes(16), signingKey: randomBytes(32), x25519Key: randomBytes(32) });

function allFacts(): Required<PairingFacts> {
  return {
    inviteId: randomBytes(16),
    server: 'https://vault.example.com',
    fingerprint: randomBytes(32),
    newDevice: device(),
    commitment: randomBytes(32),
    trustedDevice: device(),
    trustedNonce: randomBytes(32),
    identity: { seq: 3, head: randomBytes(32) },
    newNonce: randomBytes(32),
  };
}

/** Each fact with one value changed. */
const CHANGES: Record<keyof PairingFacts, (f: Required<PairingFacts>) => Partial<PairingFacts>> = {
  inviteId: () => ({ inviteId: randomBytes(16) }),
  server: () => ({ server: 'https://other.example.com' }),
  fingerprint: () => ({ fingerprint: randomBytes(32) }),
  newDevice: (f) => ({ newDevice: { ...f.newDevice, x25519Key: randomBytes(32) } }),
  commitment: () => ({ commitment: randomBytes(32) }),
  trustedDevice: (f) => ({ trustedDevice: { ...f.trustedDevice, signingKey: randomBytes(32) } }),
  trustedNonce: () => ({ trustedNonce: randomBytes(32) }),
  identity: (f) => ({ identity: { seq: f.identity.seq + 1, head: f.identity.head } }),
  newNonce: () => ({ newNonce: randomBytes(32) }),
};

/** The facts each step's associated data must bind (everything sent before it). */
const BOUND: Record<PairingStep, (keyof PairingFacts)[]> = {
  hello: ['inviteId', 'server', 'fingerprint'],
  offer: ['inviteId', 'server', 'fingerprint', 'newDevice', 'commitment'],
  reveal: ['inviteId', 'server', 'fingerprint', 'newDevice', 'commitment', 'trustedDevice', 'trustedNonce', 'identity'],
  approval: ['inviteId', 'server', 'fingerprint', 'newDevice', 'commitment', 'trustedDevice', 'trustedNonce', 'identity', 'newNonce'],
};

describe('what every pairing message binds (associated data)', () => {
  it.each(PAIRING_STEPS)('the %s binds every fact sent before it: changing any one fails to open (MAC)', (step) => {
    const facts = allFacts();
    const k = randomBytes(32);
    const message = sealMessage(k, step, facts, new Uint8Array([1, 2, 3]));
    expect(openMessage(k, step, facts, message)).toEqual(new Uint8Array([1, 2, 3]));
    for (const name of BOUND[step]) {
      const changed = { ...facts, ...CHANGES[name](facts) };
      expect(() => openMessage(k, step, changed, message), name).toThrow(expect.objectContaining({ code: name === 'inviteId' ? 'REPLAY' : 'DECRYPT_FAILED' }));
    }
  });

  it.each(PAIRING_STEPS)('the %s does not depend on facts not sent yet, so both sides build the same bytes', (step) => {
    const facts = allFacts();
    const later = (Object.keys(CHANGES) as (keyof PairingFacts)[]).filter((name) => !BOUND[step].includes(name));
    for (const name of later) {
      expect(associatedData(step, { ...facts, ...CHANGES[name](facts) }), name).toEqual(associatedData(step, facts));
    }
  });

  it('binds the step and its direction: a message is not accepted as another step', () => {
    const facts = allFacts();
    const k = randomBytes(32);
    const ads = new Set(PAIRING_STEPS.map((step) => associatedData(step, facts).join(',')));
    expect(ads.size).toBe(4);
    const hello = sealMessage(k, 'hello', facts, new Uint8Array(0));
    expect(() => openMessage(k, 'reveal', facts, hello)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });

  it('refuses to build data from facts a state machine does not have yet (INTERNAL)', () => {
    const { newNonce: _n, ...facts } = allFacts();
    expect(() => associatedData('approval', facts)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    expect(() => transcriptHash(facts)).toThrow(VaultError);
  });
});

describe('commitment and SAS', () => {
  it('commits to the nonce, the invite and the signing key', () => {
    const [invite, key, nonce] = [randomBytes(16), randomBytes(32), randomBytes(32)];
    const c = nonceCommitment(invite, key, nonce);
    expect(nonceCommitment(invite, key, nonce)).toEqual(c);
    expect(nonceCommitment(invite, key, randomBytes(32))).not.toEqual(c);
    expect(nonceCommitment(randomBytes(16), key, nonce)).not.toEqual(c);
    expect(nonceCommitment(invite, randomBytes(32), nonce)).not.toEqual(c);
  });

  it('derives a six-digit code from the whole transcript: any changed fact changes it (but for 1 in 10^6)', () => {
    const facts = allFacts();
    const code = sasCode(transcriptHash(facts));
    expect(code).toMatch(/^[0-9]{6}$/);
    expect(sasCode(transcriptHash(facts))).toBe(code);
    for (const name of Object.keys(CHANGES) as (keyof PairingFacts)[]) {
      expect(transcriptHash({ ...facts, ...CHANGES[name](facts) }), name).not.toEqual(transcriptHash(facts));
    }
  });

  it('offers three distinct candidates, the real one at a random place', () => {
    const places = new Set<number>();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (transcript) => {
        const real = sasCode(transcript);
        const candidates = sasCandidates(real);
        expect(candidates).toHaveLength(3);
        expect(new Set(candidates).size).toBe(3);
        expect(candidates.every((c) => /^[0-9]{6}$/.test(c))).toBe(true);
        places.add(candidates.indexOf(real));
      }),
      { numRuns: 200 },
    );
    expect(places).toEqual(new Set([0, 1, 2]));
  });
});
