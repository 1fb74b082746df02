/**
 * The pairing key (DESIGN.md §7): k = HKDF-SHA-256(IKM = invite secret, salt = "" (RFC 5869 §2.2:
 * HashLen zero bytes), info = ASCII "pair/v1" ‖ invite id, L = 32). It authenticates and encrypts
 * every message of one exchange (messages.ts); another invite's secret or id gives another key, so a
 * message of one invite never opens under another.
 *
 * Refuses (BAD_INPUT): a secret or invite id that is not 16 bytes.
 */
import { hkdfSha256 } from '../crypto/hkdf';
import { VaultError } from '../protocol/errors';
import { INVITE_ID_LENGTH, INVITE_SECRET_LENGTH } from './invite';

export const PAIRING_KEY_LENGTH = 32;
const LABEL = new TextEncoder().encode('pair/v1');

/** k for one invite. */
export function pairingKey(secret: Uint8Array, inviteId: Uint8Array): Uint8Array {
  if (!(secret instanceof Uint8Array) || secret.length !== INVITE_SECRET_LENGTH) {
    throw new VaultError('BAD_INPUT', `invite secret must be ${INVITE_SECRET_LENGTH} bytes`);
  }
  if (!(inviteId instanceof Uint8Array) || inviteId.length !== INVITE_ID_LENGTH) {
    throw new VaultError('BAD_INPUT', `invite id must be ${INVITE_ID_LENGTH} bytes`);
  }
  return hkdfSha256(secret, new Uint8Array(0), new Uint8Array([...LABEL, ...inviteId]), PAIRING_KEY_LENGTH);
}
