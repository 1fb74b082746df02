/**
 * Ed25519 signatures (RFC 8032 §5.1) via @noble/curves, under ONE verification rule used by the
 * client and the server alike: RFC 8032 strict (`zip215: false`: canonical S < L, canonical point
 * encodings), plus refusal of small-order public keys and small-order R.
 *
 * Every signature is domain-separated: the signed bytes are `utf8(context) ‖ 0x00 ‖ message` with one
 * of the fixed contexts below (none contains 0x00, so the split is unambiguous). A signature made for
 * one purpose never verifies for another. `verify` answers false for any malformed input; it never throws.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { VaultError } from '../protocol/errors';

export const SIGN_CONTEXTS = ['auth/v1', 'batch/v1', 'chain/v1', 'pair/v1', 'heartbeat/v1'] as const;
export type SignContext = (typeof SIGN_CONTEXTS)[number];

export const SEED_LENGTH = 32;
export const PUBLIC_KEY_LENGTH = 32;
export const SIGNATURE_LENGTH = 64;

export interface SigningKeyPair {
  seed: Uint8Array;
  publicKey: Uint8Array;
}

export function signingKeyPairFromSeed(seed: Uint8Array): SigningKeyPair {
  if (seed.length !== SEED_LENGTH) throw new VaultError('BAD_INPUT', 'Ed25519 seed must be 32 bytes');
  return { seed, publicKey: ed25519.getPublicKey(seed) };
}

export function contextMessage(context: SignContext, message: Uint8Array): Uint8Array {
  if (!SIGN_CONTEXTS.includes(context)) throw new VaultError('BAD_INPUT', 'unknown signature context');
  return concatBytes(utf8ToBytes(context), new Uint8Array([0]), message);
}

export function sign(context: SignContext, message: Uint8Array, seed: Uint8Array): Uint8Array {
  if (seed.length !== SEED_LENGTH) throw new VaultError('BAD_INPUT', 'Ed25519 seed must be 32 bytes');
  return ed25519.sign(contextMessage(context, message), seed);
}

export function verify(context: SignContext, message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (!SIGN_CONTEXTS.includes(context)) return false;
  return verifyRaw(signature, contextMessage(context, message), publicKey);
}

/** RFC 8032 strict verification of exact bytes, without a context (used for the RFC vectors). */
export function verifyRaw(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== SIGNATURE_LENGTH || publicKey.length !== PUBLIC_KEY_LENGTH) return false;
  try {
    const A = ed25519.Point.fromBytes(publicKey, false);
    const R = ed25519.Point.fromBytes(signature.subarray(0, 32), false);
    if (A.isSmallOrder() || R.isSmallOrder()) return false;
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}
