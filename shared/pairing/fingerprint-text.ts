/**
 * The vault fingerprint as people compare it (DESIGN.md §7: the new browser "shows the vault
 * fingerprint before joining"; the trusted device's trust view shows the same): the first 80 bits of
 * the identity id in Crockford base32 (base32-crockford.ts), four groups of four, e.g. "7Q2M-KX9A-
 * 0C4D-VN3R". Forging a vault whose fingerprint shows the same text costs about 2^80 hashes (a second
 * preimage on 80 bits); the exchange itself binds all 256 bits (transcript.ts).
 *
 * Refuses (BAD_INPUT): a fingerprint that is not 32 bytes.
 */
import { toCrockford } from '../crypto/base32-crockford';
import { VaultError } from '../protocol/errors';

/** Four groups of four characters. */
export function fingerprintText(fingerprint: Uint8Array): string {
  if (!(fingerprint instanceof Uint8Array) || fingerprint.length !== 32) throw new VaultError('BAD_INPUT', 'a vault fingerprint is 32 bytes');
  const text = toCrockford(fingerprint.subarray(0, 10));
  return [0, 4, 8, 12].map((i) => text.slice(i, i + 4)).join('-');
}
