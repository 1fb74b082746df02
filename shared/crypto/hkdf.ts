/**
 * HKDF-SHA-256 (RFC 5869) via @noble/hashes: extract-then-expand key derivation. Used for
 * sub-keys with a purpose label in `info` (pairing keys, recovery keys, passkey wrapping keys).
 * Refuses output lengths outside 1..8160 bytes (255 × 32, RFC 5869 §2.3).
 */
import { hkdf as nobleHkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { VaultError } from '../protocol/errors';

export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 1 || length > 255 * 32) {
    throw new VaultError('BAD_INPUT', 'HKDF output length must be 1 to 8160 bytes');
  }
  return nobleHkdf(sha256, ikm, salt, info, length);
}
