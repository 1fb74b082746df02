import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { sign, signingKeyPairFromSeed, verify, verifyRaw } from './ed25519';
import { ED25519_L, RFC8032_CASES } from './vectors/rfc8032-ed25519';

function littleEndian(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn);
  return out;
}

function readLittleEndian(bytes: Uint8Array): bigint {
  return bytes.reduceRight((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

describe('Ed25519', () => {
  it.each(RFC8032_CASES)('matches RFC 8032 §7.1 $name', (v) => {
    const pair = signingKeyPairFromSeed(hexToBytes(v.secret));
    expect(bytesToHex(pair.publicKey)).toBe(v.publicKey);
    expect(bytesToHex(ed25519.sign(hexToBytes(v.message), pair.seed))).toBe(v.signature);
    expect(verifyRaw(hexToBytes(v.signature), hexToBytes(v.message), pair.publicKey)).toBe(true);
  });

  it('refuses a non-canonical S (S + L) that lax verifiers accept', () => {
    const v = RFC8032_CASES[0]!;
    const sig = hexToBytes(v.signature);
    const s = readLittleEndian(sig.subarray(32));
    const malleable = new Uint8Array(64);
    malleable.set(sig.subarray(0, 32));
    malleable.set(littleEndian(s + ED25519_L), 32);
    expect(verifyRaw(malleable, hexToBytes(v.message), hexToBytes(v.publicKey))).toBe(false);
  });

  it('refuses a small-order public key with the identity signature that verifies any message under ZIP 215', () => {
    const identity = hexToBytes('0100000000000000000000000000000000000000000000000000000000000000');
    const signature = new Uint8Array(64);
    signature.set(identity, 0);
    expect(ed25519.verify(signature, new Uint8Array([1, 2, 3]), identity, { zip215: true })).toBe(true);
    expect(verifyRaw(signature, new Uint8Array([1, 2, 3]), identity)).toBe(false);
  });

  it('separates domains: a batch signature never verifies as a chain entry', () => {
    const pair = signingKeyPairFromSeed(new Uint8Array(32).fill(5));
    const message = new TextEncoder().encode('same bytes');
    const signature = sign('batch/v1', message, pair.seed);
    expect(verify('batch/v1', message, signature, pair.publicKey)).toBe(true);
    expect(verify('chain/v1', message, signature, pair.publicKey)).toBe(false);
    expect(verifyRaw(signature, message, pair.publicKey)).toBe(false);
  });

  it('answers false, never throws, for tampered or malformed input', () => {
    const pair = signingKeyPairFromSeed(new Uint8Array(32).fill(6));
    const message = new Uint8Array([9, 9]);
    const signature = sign('auth/v1', message, pair.seed);
    expect(verify('auth/v1', new Uint8Array([9, 8]), signature, pair.publicKey)).toBe(false);
    expect(verify('auth/v1', message, signature.subarray(1), pair.publicKey)).toBe(false);
    expect(verify('auth/v1', message, signature, new Uint8Array(32).fill(0xff))).toBe(false);
    expect(verify('nope/v1' as never, message, signature, pair.publicKey)).toBe(false);
  });
});
