/**
 * Randomness: the one source of random bytes for the crypto core.
 *
 * Uses `globalThis.crypto.getRandomValues` (W3C WebCrypto §10.1.1), which exists in browsers, extension
 * service workers and Node 20+. No fallback: if the platform has no CSPRNG we fail loudly rather than
 * produce weak keys or nonces.
 *
 * Refuses: lengths that are not integers in 1..65536 (the WebCrypto per-call quota) with BAD_INPUT;
 * a missing CSPRNG with INTERNAL.
 */
import { VaultError } from '../protocol/errors';

/** Largest request `getRandomValues` serves in one call (WebCrypto §10.1.1, QuotaExceededError above). */
export const MAX_RANDOM_BYTES = 65536;

/** `length` fresh bytes from the platform CSPRNG. */
export function randomBytes(length: number): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 1 || length > MAX_RANDOM_BYTES) {
    throw new VaultError('BAD_INPUT', `random length must be an integer in 1..${MAX_RANDOM_BYTES}`);
  }
  const source = globalThis.crypto;
  if (source === undefined || typeof source.getRandomValues !== 'function') {
    throw new VaultError('INTERNAL', 'no CSPRNG: globalThis.crypto.getRandomValues is missing');
  }
  const out = new Uint8Array(length);
  source.getRandomValues(out);
  return out;
}
