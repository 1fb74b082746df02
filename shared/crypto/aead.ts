/**
 * AEAD: XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha-03 §2.3, over RFC 8439 §2.8) via @noble/ciphers.
 * DESIGN.md §4: one `seal()`/`open()` API that makes the 24-byte nonce itself; no caller passes one.
 *
 * Sealed format (docs/formats.md "AEAD sealed box"):
 *   nonce (24 bytes, random) ‖ ciphertext (len(plaintext) bytes) ‖ Poly1305 tag (16 bytes)
 * The associated data is never stored in the box; the caller rebuilds it from the context.
 *
 * Refuses: a key that is not 32 bytes (BAD_INPUT); on open, a box shorter than 40 bytes, a wrong key,
 * wrong associated data or any changed byte (DECRYPT_FAILED, no detail on which).
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { VaultError } from '../protocol/errors';
import { randomBytes } from './random';

export const AEAD_KEY_LENGTH = 32;
export const AEAD_NONCE_LENGTH = 24;
export const AEAD_TAG_LENGTH = 16;
/** Bytes a sealed box adds to its plaintext. */
export const AEAD_OVERHEAD = AEAD_NONCE_LENGTH + AEAD_TAG_LENGTH;

function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== AEAD_KEY_LENGTH) {
    throw new VaultError('BAD_INPUT', `AEAD key must be ${AEAD_KEY_LENGTH} bytes`);
  }
}

/** Encrypt and authenticate `plaintext`, binding `ad`. Returns nonce ‖ ciphertext ‖ tag. */
export function seal(key: Uint8Array, plaintext: Uint8Array, ad: Uint8Array): Uint8Array {
  checkKey(key);
  const nonce = randomBytes(AEAD_NONCE_LENGTH);
  const body = xchacha20poly1305(key, nonce, ad).encrypt(plaintext);
  return concatBytes(nonce, body);
}

/** Authenticate and decrypt a box made by `seal` with the same key and associated data. */
export function open(key: Uint8Array, sealed: Uint8Array, ad: Uint8Array): Uint8Array {
  checkKey(key);
  if (!(sealed instanceof Uint8Array) || sealed.length < AEAD_OVERHEAD) {
    throw new VaultError('DECRYPT_FAILED', 'sealed box too short');
  }
  const nonce = sealed.subarray(0, AEAD_NONCE_LENGTH);
  const body = sealed.subarray(AEAD_NONCE_LENGTH);
  try {
    return xchacha20poly1305(key, nonce, ad).decrypt(body);
  } catch {
    throw new VaultError('DECRYPT_FAILED', 'sealed box did not authenticate');
  }
}
