/**
 * HKDF-SHA-256 (RFC 5869 §2) via @noble/hashes: extract-then-expand key derivation from a key that is
 * already uniformly random or high-entropy (never from a password; see argon2id.ts). Used for
 * sub-keys with a purpose label in `info` (pairing keys, recovery keys, passkey wrapping keys).
 *
 * Refuses (BAD_INPUT): an output length outside 1..8160 bytes (255 × HashLen, RFC 5869 §2.3), an
 * empty input key, and a PRK shorter than HashLen.
 */
import { expand, extract } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { VaultError } from '../protocol/errors';

/** RFC 5869 §2.3: L ≤ 255 × HashLen. */
export const HKDF_SHA256_MAX_LENGTH = 255 * 32;

function checkLength(length: number): void {
  if (!Number.isSafeInteger(length) || length < 1 || length > HKDF_SHA256_MAX_LENGTH) {
    throw new VaultError('BAD_INPUT', `HKDF output length must be 1..${HKDF_SHA256_MAX_LENGTH}`);
  }
}

/** HKDF-Extract (RFC 5869 §2.2): PRK = HMAC-SHA-256(salt, IKM); an empty salt means 32 zero bytes. */
export function hkdfExtract(ikm: Uint8Array, salt: Uint8Array): Uint8Array {
  if (ikm.length === 0) throw new VaultError('BAD_INPUT', 'HKDF input key is empty');
  return extract(sha256, ikm, salt);
}

/** HKDF-Expand (RFC 5869 §2.3): `length` bytes of output keyed by `prk`, bound to `info`. */
export function hkdfExpand(prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  checkLength(length);
  if (prk.length < 32) throw new VaultError('BAD_INPUT', 'HKDF PRK shorter than HashLen');
  return expand(sha256, prk, info, length);
}

/** HKDF (RFC 5869 §2): Expand(Extract(salt, ikm), info, length). */
export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  checkLength(length);
  return hkdfExpand(hkdfExtract(ikm, salt), info, length);
}
