/**
 * What the two devices of one pairing exchange agree on (DESIGN.md §7), as canonical CBOR
 * (RFC 8949 §4.2.1, cbor-versioned.ts): the facts that grow with each message, the associated data
 * every message is sealed with, the transcript the SAS and the proofs are computed from, and the new
 * device's commitment to its nonce. Byte layouts: docs/pairing.md §3.
 *
 * Facts: invite id, server origin and vault fingerprint (from the invite); the new device's id and
 * public keys and its commitment (hello); the trusted device's id and public keys, its nonce and its
 * identity-chain head (offer); the new device's nonce (reveal). The associated data of a message
 * binds its step, its direction, version 1 and every fact sent before it; facts not yet sent are
 * empty byte strings (and seq 0), by a fixed rule per step, so both sides build the same bytes.
 *
 * Refuses: building associated data or a transcript from missing facts (INTERNAL: a bug in a
 * state machine, never input).
 */
import { encodeVersioned } from '../crypto/cbor-versioned';
import { sha256 } from '../crypto/hash';
import { VaultError } from '../protocol/errors';
import type { Position } from '../sync/batch';

export const NONCE_LENGTH = 32;
export const PAIRING_STEPS = ['hello', 'offer', 'reveal', 'approval'] as const;
export type PairingStep = (typeof PAIRING_STEPS)[number];
export type Direction = 'new-to-trusted' | 'trusted-to-new';

/** A device as the other side sees it: its id and public keys. */
export interface PublicDevice {
  readonly id: Uint8Array;
  readonly signingKey: Uint8Array;
  readonly x25519Key: Uint8Array;
}

/** Everything sent so far in one exchange; later facts are absent until their message. */
export interface PairingFacts {
  readonly inviteId: Uint8Array;
  readonly server: string;
  readonly fingerprint: Uint8Array;
  readonly newDevice?: PublicDevice;
  readonly commitment?: Uint8Array;
  readonly trustedDevice?: PublicDevice;
  readonly trustedNonce?: Uint8Array;
  readonly identity?: Position;
  readonly newNonce?: Uint8Array;
}

export type CompleteFacts = Required<PairingFacts>;

const DEVICE = { map: { id: 'bytes', signingKey: 'bytes', x25519Key: 'bytes' } } as const;
const FACT_FIELDS = {
  invite: 'bytes',
  server: 'text',
  fingerprint: 'bytes',
  newDevice: DEVICE,
  commitment: 'bytes',
  trustedDevice: DEVICE,
  trustedNonce: 'bytes',
  identity: { map: { seq: 'uint', head: 'bytes' } },
  newNonce: 'bytes',
} as const;

const AD_SCHEMA = { kind: 'pair-ad', version: 1, fields: { step: 'text', direction: 'text', ...FACT_FIELDS } } as const;
const TRANSCRIPT_SCHEMA = { kind: 'pair-transcript', version: 1, fields: FACT_FIELDS } as const;
const COMMITMENT_SCHEMA = { kind: 'pair-commitment', version: 1, fields: { invite: 'bytes', signingKey: 'bytes', nonce: 'bytes' } } as const;
const PROOF_SCHEMA = { kind: 'pair-proof', version: 1, fields: { transcript: 'bytes' } } as const;

/** Which facts a step's associated data binds: those sent in earlier messages. */
const BINDS: Record<PairingStep, readonly (keyof PairingFacts)[]> = {
  hello: [],
  offer: ['newDevice', 'commitment'],
  reveal: ['newDevice', 'commitment', 'trustedDevice', 'trustedNonce', 'identity'],
  approval: ['newDevice', 'commitment', 'trustedDevice', 'trustedNonce', 'identity', 'newNonce'],
};

export function directionOf(step: PairingStep): Direction {
  return step === 'hello' || step === 'reveal' ? 'new-to-trusted' : 'trusted-to-new';
}

const EMPTY = new Uint8Array(0);
const NO_DEVICE = { id: EMPTY, signingKey: EMPTY, x25519Key: EMPTY };

function deviceFields(device: PublicDevice | undefined): { id: Uint8Array; signingKey: Uint8Array; x25519Key: Uint8Array } {
  return device === undefined ? NO_DEVICE : { id: device.id, signingKey: device.signingKey, x25519Key: device.x25519Key };
}

function factFields(facts: PairingFacts, bound: readonly (keyof PairingFacts)[]) {
  const has = (name: keyof PairingFacts): boolean => {
    if (!bound.includes(name)) return false;
    if (facts[name] === undefined) throw new VaultError('INTERNAL', `pairing fact ${name} is not known yet`);
    return true;
  };
  return {
    invite: facts.inviteId,
    server: facts.server,
    fingerprint: facts.fingerprint,
    newDevice: deviceFields(has('newDevice') ? facts.newDevice : undefined),
    commitment: has('commitment') ? (facts.commitment ?? EMPTY) : EMPTY,
    trustedDevice: deviceFields(has('trustedDevice') ? facts.trustedDevice : undefined),
    trustedNonce: has('trustedNonce') ? (facts.trustedNonce ?? EMPTY) : EMPTY,
    identity: has('identity') && facts.identity ? { seq: facts.identity.seq, head: facts.identity.head } : { seq: 0, head: EMPTY },
    newNonce: has('newNonce') ? (facts.newNonce ?? EMPTY) : EMPTY,
  };
}

/** The associated data of the message of `step`. */
export function associatedData(step: PairingStep, facts: PairingFacts): Uint8Array {
  return encodeVersioned(AD_SCHEMA, { step, direction: directionOf(step), ...factFields(facts, BINDS[step]) });
}

/** SHA-256 of the whole transcript (every fact): what the SAS and the proofs are computed from. */
export function transcriptHash(facts: PairingFacts): Uint8Array {
  return sha256(encodeVersioned(TRANSCRIPT_SCHEMA, factFields(facts, BINDS.approval)));
}

/** The new device's commitment to its nonce, sent in the hello before the trusted nonce is known. */
export function nonceCommitment(inviteId: Uint8Array, signingKey: Uint8Array, nonce: Uint8Array): Uint8Array {
  return sha256(encodeVersioned(COMMITMENT_SCHEMA, { invite: inviteId, signingKey, nonce }));
}

/** The bytes a device signs under "pair/v1" to prove it holds its signing key (and agrees on the transcript). */
export function proofMessage(transcript: Uint8Array): Uint8Array {
  return encodeVersioned(PROOF_SCHEMA, { transcript });
}
