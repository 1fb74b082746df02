/**
 * Key commitment (DESIGN.md §4): a signed rotate entry carries H("kc" ‖ K) for the new collection
 * key K, and every member checks the key it unsealed against it, because AEADs (XChaCha20-Poly1305,
 * the HPKE AEAD) do not commit to their keys.
 *
 *   commitment = SHA-256( ASCII "kc" ‖ K )        (FIPS 180-4; K is exactly 32 bytes)
 *
 * K has a fixed length, so the 2-byte prefix separates this use of SHA-256 from any other.
 *
 * Refuses: a key that is not 32 bytes or a commitment that is not 32 bytes (BAD_INPUT); a key that
 * does not match (KEY_COMMITMENT_MISMATCH, compared in constant time).
 */
import { concatBytes } from '@noble/hashes/utils.js';
import { VaultError } from '../protocol/errors';
import { equalBytes } from './constant-time';
import { sha256, SHA256_LENGTH } from './hash';

const PREFIX = new TextEncoder().encode('kc');
export const COMMITTED_KEY_LENGTH = 32;

function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== COMMITTED_KEY_LENGTH) {
    throw new VaultError('BAD_INPUT', `committed key must be ${COMMITTED_KEY_LENGTH} bytes`);
  }
}

/** SHA-256("kc" ‖ key). */
export function keyCommitment(key: Uint8Array): Uint8Array {
  checkKey(key);
  return sha256(concatBytes(PREFIX, key));
}

/** Throw KEY_COMMITMENT_MISMATCH unless `commitment` is the commitment to `key`. */
export function checkKeyCommitment(key: Uint8Array, commitment: Uint8Array): void {
  checkKey(key);
  if (!(commitment instanceof Uint8Array) || commitment.length !== SHA256_LENGTH) {
    throw new VaultError('BAD_INPUT', `key commitment must be ${SHA256_LENGTH} bytes`);
  }
  if (!equalBytes(keyCommitment(key), commitment)) {
    throw new VaultError('KEY_COMMITMENT_MISMATCH', 'unsealed key does not match the signed commitment');
  }
}
