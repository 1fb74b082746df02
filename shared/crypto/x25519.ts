/**
 * X25519 key pairs (RFC 7748 §5) via @noble/curves, for device keys, user keys and the recovery key
 * that HPKE (hpke.ts) seals to. Private keys are plain 32-byte strings, never CryptoKey objects.
 *
 * Refuses (BAD_INPUT): a private key that is not 32 bytes.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { VaultError } from '../protocol/errors';
import { randomBytes } from './random';

export const X25519_KEY_LENGTH = 32;

export interface X25519KeyPair {
  /** 32 bytes; secret. Clamping happens inside X25519, so any 32 bytes are a valid key. */
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** The public key of a 32-byte private key. */
export function x25519PublicKey(privateKey: Uint8Array): Uint8Array {
  if (!(privateKey instanceof Uint8Array) || privateKey.length !== X25519_KEY_LENGTH) {
    throw new VaultError('BAD_INPUT', `X25519 private key must be ${X25519_KEY_LENGTH} bytes`);
  }
  return x25519.getPublicKey(privateKey);
}

/** A key pair for the given private key. */
export function x25519KeyPairFromPrivate(privateKey: Uint8Array): X25519KeyPair {
  return { privateKey: privateKey.slice(), publicKey: x25519PublicKey(privateKey) };
}

/** A new key pair from 32 fresh random bytes. */
export function generateX25519KeyPair(): X25519KeyPair {
  return x25519KeyPairFromPrivate(randomBytes(X25519_KEY_LENGTH));
}
