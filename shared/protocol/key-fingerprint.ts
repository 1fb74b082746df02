/**
 * The fingerprint of a device's Ed25519 signing key as people and operators read it (`npm run
 * admin -- devices`, the account's "my server data" view): SHA-256 of the 32-byte public key, its
 * first 80 bits in Crockford base32 (shared/crypto/base32-crockford.ts), four groups of four, e.g.
 * "7Q2M-KX9A-0C4D-VN3R" — the same text form as the vault fingerprint (docs/pairing.md). It names a
 * key without showing it; matching the text by chance costs about 2^80 hashes.
 *
 * Refuses (BAD_INPUT): a key that is not 32 bytes.
 */
import { toCrockford } from '../crypto/base32-crockford';
import { sha256 } from '../crypto/hash';
import { VaultError } from './errors';

export const SIGNING_KEY_BYTES = 32;
export const KEY_FINGERPRINT_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

export function keyFingerprint(signingKey: Uint8Array): string {
  if (!(signingKey instanceof Uint8Array) || signingKey.length !== SIGNING_KEY_BYTES) {
    throw new VaultError('BAD_INPUT', 'a signing key is 32 bytes');
  }
  const text = toCrockford(sha256(signingKey).subarray(0, 10));
  return [0, 4, 8, 12].map((i) => text.slice(i, i + 4)).join('-');
}
