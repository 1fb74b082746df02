/**
 * SHA-256 (FIPS 180-4 §6.2) via @noble/hashes, the one hash the crypto core uses directly (key
 * commitment; HKDF, HPKE and Ed25519 bring their own).
 *
 * Refuses: nothing; any byte string hashes.
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

/** SHA-256 digest length in bytes. */
export const SHA256_LENGTH = 32;

/** SHA-256 of `data`, 32 bytes. */
export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}
