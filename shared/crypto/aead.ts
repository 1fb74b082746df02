/**
 * Authenticated encryption: XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha-03, RFC 8439 Poly1305) via
 * @noble/ciphers, behind one `seal`/`open` pair that makes its own 24-byte random nonce. No caller
 * ever passes a nonce, so none can be reused by mistake.
 *
 * Sealed format (docs/formats.md): nonce (24 bytes) ‖ ciphertext ‖ tag (16 bytes).
 * Associated data is bound by the tag; every caller passes canonical bytes describing where the
 * ciphertext belongs. Refuses: keys that are not 32 bytes (BAD_INPUT); any sealed value that does
 * not authenticate under the key and associated data (DECRYPT_FAILED, with no detail).
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { VaultError } from '../protocol/errors';
import { randomBytes } from './random';

export const KEY_LENGTH = 32;
export const NONCE_LENGTH = 24;
export const TAG_LENGTH = 16;
export const SEAL_OVERHEAD = NONCE_LENGTH + TAG_LENGTH;

function checkKey(key: Uint8Array): void {
  if (key.length !== KEY_LENGTH) throw new VaultError('BAD_INPUT', 'AEAD key must be 32 bytes');
}

export function seal(key: Uint8Array, plaintext: Uint8Array, associatedData: Uint8Array): Uint8Array {
  checkKey(key);
  const nonce = randomBytes(NONCE_LENGTH);
  const ciphertext = xchacha20poly1305(key, nonce, associatedData).encrypt(plaintext);
  const out = new Uint8Array(NONCE_LENGTH + ciphertext.length);
  out.set(nonce, 0);
  out.set(ciphertext, NONCE_LENGTH);
  return out;
}

export function open(key: Uint8Array, sealed: Uint8Array, associatedData: Uint8Array): Uint8Array {
  checkKey(key);
  if (sealed.length < SEAL_OVERHEAD) throw new VaultError('DECRYPT_FAILED', 'sealed value is too short');
  const nonce = sealed.subarray(0, NONCE_LENGTH);
  try {
    return xchacha20poly1305(key, nonce, associatedData).decrypt(sealed.subarray(NONCE_LENGTH));
  } catch {
    throw new VaultError('DECRYPT_FAILED', 'sealed value does not authenticate');
  }
}
