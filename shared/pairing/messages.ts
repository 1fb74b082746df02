/**
 * Pairing messages on the wire (DESIGN.md §7). The relay (the sync server) sees only the invite id it
 * routes by, the step, and a box sealed under the pairing key k (pairing-key.ts):
 *
 *   message = canonical CBOR { kind: "pair-message", v: 1, invite: bytes(16), step: text, box: bytes }
 *   box     = XChaCha20-Poly1305 seal (aead.ts) of the step's payload (payloads.ts) under k, with
 *             associated data = the step's pair-ad (transcript.ts): step, direction, version, invite
 *             id, server, vault fingerprint and every fact sent before (both devices' keys, the
 *             commitment, the trusted nonce, the identity-chain head, the new nonce)
 *
 * Opening refuses, in this order: bytes that are not a version-1 message (BAD_ENCODING,
 * UNKNOWN_VERSION) or longer than 256 KiB (BAD_ENCODING); a message for another invite (REPLAY); a
 * step other than the one expected now (BAD_INPUT); a box that does not open under k with the
 * associated data this side rebuilt (DECRYPT_FAILED): another invite's key, a changed byte, or a
 * fact (a public key, a head, a nonce) that differs between the two sides.
 */
import { seal, open } from '../crypto/aead';
import { decodeVersioned, encodeVersioned } from '../crypto/cbor-versioned';
import { equalBytes } from '../crypto/constant-time';
import { VaultError } from '../protocol/errors';
import { INVITE_ID_LENGTH } from './invite';
import { associatedData, PAIRING_STEPS, type PairingFacts, type PairingStep } from './transcript';

export const MAX_MESSAGE_BYTES = 256 * 1024;
const MESSAGE_SCHEMA = { kind: 'pair-message', version: 1, fields: { invite: 'bytes', step: 'text', box: 'bytes' } } as const;

export interface PairingMessage {
  readonly inviteId: Uint8Array;
  readonly step: PairingStep;
  readonly box: Uint8Array;
}

function isStep(value: string): value is PairingStep {
  return (PAIRING_STEPS as readonly string[]).includes(value);
}

/** Decode a message as the relay delivered it (no key needed: for routing and the first checks). */
export function decodeMessage(bytes: Uint8Array): PairingMessage {
  if (!(bytes instanceof Uint8Array) || bytes.length > MAX_MESSAGE_BYTES) {
    throw new VaultError('BAD_ENCODING', `a pairing message is bytes, at most ${MAX_MESSAGE_BYTES}`);
  }
  const fields = decodeVersioned(MESSAGE_SCHEMA, bytes);
  if (fields.invite.length !== INVITE_ID_LENGTH) throw new VaultError('BAD_ENCODING', 'pairing message invite id must be 16 bytes');
  if (!isStep(fields.step)) throw new VaultError('BAD_ENCODING', 'unknown pairing step');
  return { inviteId: fields.invite, step: fields.step, box: fields.box };
}

/** The message bytes of an invite id, a step and a box (as the relay hands them back, shared/protocol/client/pairing-relay.ts). */
export function encodeMessage(message: PairingMessage): Uint8Array {
  if (!(message.inviteId instanceof Uint8Array) || message.inviteId.length !== INVITE_ID_LENGTH) {
    throw new VaultError('BAD_INPUT', 'pairing message invite id must be 16 bytes');
  }
  if (!isStep(message.step)) throw new VaultError('BAD_INPUT', 'unknown pairing step');
  return encodeVersioned(MESSAGE_SCHEMA, { invite: message.inviteId, step: message.step, box: message.box });
}

/** Seal `payload` for `step` under k, binding the facts sent so far. */
export function sealMessage(k: Uint8Array, step: PairingStep, facts: PairingFacts, payload: Uint8Array): Uint8Array {
  return encodeMessage({ inviteId: facts.inviteId, step, box: seal(k, payload, associatedData(step, facts)) });
}

/** Open a message that must be `step` of this invite; returns the payload bytes. */
export function openMessage(k: Uint8Array, step: PairingStep, facts: PairingFacts, bytes: Uint8Array): Uint8Array {
  const message = decodeMessage(bytes);
  if (!equalBytes(message.inviteId, facts.inviteId)) {
    throw new VaultError('REPLAY', 'this pairing message belongs to another invite');
  }
  if (message.step !== step) throw new VaultError('BAD_INPUT', `expected the pairing ${step}, got the ${message.step}`);
  try {
    return open(k, message.box, associatedData(step, facts));
  } catch (error) {
    if (error instanceof VaultError && error.code === 'DECRYPT_FAILED') {
      throw new VaultError('DECRYPT_FAILED', `the pairing ${step} does not authenticate under this invite's key (changed in flight, or made for another exchange)`);
    }
    throw error;
  }
}
