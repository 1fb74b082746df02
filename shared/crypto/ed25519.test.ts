import { ED25519_TORSION_SUBGROUP, ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import {
  contextMessage,
  generateSigningKeyPair,
  rawSignNoContext,
  rawVerifyNoContext,
  sign,
  SIGN_CONTEXTS,
  signingKeyPairFromSeed,
  verify,
  type SignContext,
} from './ed25519';
import { ED25519_L_LE, RFC8032_VECTORS, SMALL_ORDER_POINTS } from './vectors/rfc8032-ed25519';

const le = (bytes: Uint8Array): bigint => bytes.reduceRight((acc, b) => (acc << 8n) | BigInt(b), 0n);
const toLe = (n: bigint): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));

const pair = signingKeyPairFromSeed(new Uint8Array(32).fill(5));
const message = new TextEncoder().encode('batch 17 of collection abc');

describe('Ed25519 (RFC 8032 §5.1, strict verification)', () => {
  it.each(RFC8032_VECTORS)('matches RFC 8032 §7.1 $name: public key, signature, verification', (v) => {
    const keys = signingKeyPairFromSeed(hexToBytes(v.secretKey));
    expect(bytesToHex(keys.publicKey)).toBe(v.publicKey);
    expect(bytesToHex(rawSignNoContext(keys.seed, hexToBytes(v.message)))).toBe(v.signature);
    expect(rawVerifyNoContext(hexToBytes(v.publicKey), hexToBytes(v.message), hexToBytes(v.signature))).toBe(true);
  });

  it('refuses a non-canonical S (S + L), which names the same scalar', () => {
    const v = RFC8032_VECTORS[1];
    if (v === undefined) throw new Error('vector missing');
    const sig = hexToBytes(v.signature);
    const malleable = sig.slice();
    malleable.set(toLe(le(sig.subarray(32)) + le(hexToBytes(ED25519_L_LE))), 32);
    expect(rawVerifyNoContext(hexToBytes(v.publicKey), hexToBytes(v.message), sig)).toBe(true);
    expect(rawVerifyNoContext(hexToBytes(v.publicKey), hexToBytes(v.message), malleable)).toBe(false);
  });

  it('lists the same eight small-order points as @noble/curves', () => {
    expect([...SMALL_ORDER_POINTS].sort()).toEqual([...ED25519_TORSION_SUBGROUP].sort());
  });

  it.each(SMALL_ORDER_POINTS)('refuses small-order public key %s even where ZIP-215 would accept', (point) => {
    // R = identity, S = 0: [8]SB = [8]R + [8]kA holds for any message when A has small order.
    const identitySig = new Uint8Array(64);
    identitySig[0] = 1;
    const anyMessage = new Uint8Array([1, 2, 3]);
    expect(ed25519.verify(identitySig, anyMessage, hexToBytes(point), { zip215: true })).toBe(true);
    expect(rawVerifyNoContext(hexToBytes(point), anyMessage, identitySig)).toBe(false);
    expect(verify('auth/v1', hexToBytes(point), anyMessage, identitySig)).toBe(false);
  });

  it('refuses a non-canonical public key encoding (y = p + 1, the identity written a second way)', () => {
    const identitySig = new Uint8Array(64);
    identitySig[0] = 1;
    const key = hexToBytes('eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f');
    expect(rawVerifyNoContext(key, new Uint8Array([0x72]), identitySig)).toBe(false);
  });
});

describe('signature contexts (DESIGN.md §4)', () => {
  it('signs exactly len(ctx) ‖ ctx ‖ message', () => {
    const signed = contextMessage('batch/v1', new Uint8Array([0xaa]));
    expect(bytesToHex(signed)).toBe('08' + bytesToHex(new TextEncoder().encode('batch/v1')) + 'aa');
    expect(bytesToHex(sign('batch/v1', pair.seed, message))).toBe(bytesToHex(ed25519.sign(contextMessage('batch/v1', message), pair.seed)));
  });

  it('verifies under its own context and under no other', () => {
    for (const signedUnder of SIGN_CONTEXTS) {
      const signature = sign(signedUnder, pair.seed, message);
      for (const checkedUnder of SIGN_CONTEXTS) {
        expect(verify(checkedUnder, pair.publicKey, message, signature)).toBe(checkedUnder === signedUnder);
      }
      expect(rawVerifyNoContext(pair.publicKey, message, signature)).toBe(false);
    }
  });

  it('refuses a mutated message, a mutated signature, and another key', () => {
    const signature = sign('chain/v1', pair.seed, message);
    const mutated = message.slice();
    mutated[0] = (mutated[0] ?? 0) ^ 1;
    expect(verify('chain/v1', pair.publicKey, mutated, signature)).toBe(false);
    for (const index of [0, 31, 32, 63]) {
      const bad = signature.slice();
      bad[index] = (bad[index] ?? 0) ^ 0x80;
      expect(verify('chain/v1', pair.publicKey, message, bad)).toBe(false);
    }
    expect(verify('chain/v1', generateSigningKeyPair().publicKey, message, signature)).toBe(false);
  });

  it('answers false, never throws, for malformed input', () => {
    const signature = sign('pair/v1', pair.seed, message);
    expect(verify('pair/v1', pair.publicKey, message, signature.subarray(0, 63))).toBe(false);
    expect(verify('pair/v1', pair.publicKey, message, new Uint8Array(65))).toBe(false);
    expect(verify('pair/v1', pair.publicKey.subarray(0, 31), message, signature)).toBe(false);
    expect(verify('pair/v1', new Uint8Array(32).fill(0xff), message, signature)).toBe(false);
    expect(verify('unknown/v1' as SignContext, pair.publicKey, message, signature)).toBe(false);
    expect(verify('pair/v1', pair.publicKey, 'text' as unknown as Uint8Array, signature)).toBe(false);
  });

  it('refuses to sign with a seed that is not 32 bytes or under an unknown context', () => {
    expect(() => sign('auth/v1', new Uint8Array(31), message)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => sign('auth/v2' as SignContext, pair.seed, message)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => signingKeyPairFromSeed(new Uint8Array(64))).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
