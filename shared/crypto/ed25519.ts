/**
 * Signatures: Ed25519 (RFC 8032 §5.1) via @noble/curves, with ONE verification rule everywhere,
 * server and client: RFC 8032 strict (`zip215: false`) — canonical encodings of A and R (y < p),
 * S < L (§5.1.7), and small-order public keys refused. DESIGN.md §4.
 *
 * Every signature is domain-separated by a context (docs/formats.md "Signature contexts"). The bytes
 * signed are
 *   len(ctx) (1 byte) ‖ ASCII(ctx) ‖ message
 * e.g. "batch/v1" signs 0x08 ‖ "batch/v1" ‖ message. The length prefix makes the split unambiguous, so
 * no message under one context is also a valid message under another.
 *
 * Refuses: `sign` with a seed that is not 32 bytes or an unknown context (BAD_INPUT). `verify` never
 * throws: wrong lengths, unknown contexts, malformed points, S ≥ L and small-order keys give false.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { VaultError } from '../protocol/errors';
import { randomBytes } from './random';

export const SIGN_CONTEXTS = ['auth/v1', 'batch/v1', 'chain/v1', 'pair/v1', 'heartbeat/v1', 'removal/v1'] as const;
export type SignContext = (typeof SIGN_CONTEXTS)[number];

export const ED25519_SEED_LENGTH = 32;
export const ED25519_PUBLIC_KEY_LENGTH = 32;
export const ED25519_SIGNATURE_LENGTH = 64;

/** The one verification rule (RFC 8032 strict). */
const STRICT = { zip215: false } as const;

export interface SigningKeyPair {
  /** The 32-byte RFC 8032 private key ("seed"); secret. */
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
}

export function isSignContext(value: unknown): value is SignContext {
  return typeof value === 'string' && (SIGN_CONTEXTS as readonly string[]).includes(value);
}

/** The exact bytes signed for `message` under `context`: len(ctx) ‖ ctx ‖ message. */
export function contextMessage(context: SignContext, message: Uint8Array): Uint8Array {
  const ctx = new TextEncoder().encode(context);
  return concatBytes(Uint8Array.of(ctx.length), ctx, message);
}

function checkSeed(seed: Uint8Array): void {
  if (!(seed instanceof Uint8Array) || seed.length !== ED25519_SEED_LENGTH) {
    throw new VaultError('BAD_INPUT', `Ed25519 seed must be ${ED25519_SEED_LENGTH} bytes`);
  }
}

/** The key pair for a 32-byte seed (RFC 8032 §5.1.5). */
export function signingKeyPairFromSeed(seed: Uint8Array): SigningKeyPair {
  checkSeed(seed);
  return { seed: seed.slice(), publicKey: ed25519.getPublicKey(seed) };
}

/** A new key pair from 32 fresh random bytes. */
export function generateSigningKeyPair(): SigningKeyPair {
  return signingKeyPairFromSeed(randomBytes(ED25519_SEED_LENGTH));
}

/** Sign `message` under `context`. Deterministic (RFC 8032 §5.1.6). */
export function sign(context: SignContext, seed: Uint8Array, message: Uint8Array): Uint8Array {
  if (!isSignContext(context)) throw new VaultError('BAD_INPUT', 'unknown signature context');
  return rawSignNoContext(seed, contextMessage(context, message));
}

/** Verify under `context` with the strict rule. Returns false, never throws, for anything malformed. */
export function verify(context: SignContext, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (!isSignContext(context) || !(message instanceof Uint8Array)) return false;
  return rawVerifyNoContext(publicKey, contextMessage(context, message), signature);
}

/**
 * Plain RFC 8032 Ed25519 signing with no context. Only for RFC 8032 §7.1 vectors and for `sign`;
 * application code must sign under a context.
 */
export function rawSignNoContext(seed: Uint8Array, message: Uint8Array): Uint8Array {
  checkSeed(seed);
  return ed25519.sign(message, seed);
}

/**
 * Plain RFC 8032 strict verification with no context. Only for RFC 8032 §7.1 vectors and for
 * `verify`; application code must verify under a context.
 */
export function rawVerifyNoContext(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== ED25519_PUBLIC_KEY_LENGTH) return false;
  if (!(signature instanceof Uint8Array) || signature.length !== ED25519_SIGNATURE_LENGTH) return false;
  if (!(message instanceof Uint8Array)) return false;
  try {
    return ed25519.verify(signature, message, publicKey, STRICT);
  } catch {
    return false;
  }
}
