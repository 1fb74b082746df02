import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AEAD_NONCE_LENGTH, AEAD_OVERHEAD, open, seal } from './aead';
import { XCHACHA_A31 as V } from './vectors/xchacha20poly1305-draft03';

const key = new Uint8Array(32).fill(0x42);
const ad = new TextEncoder().encode('item/v1 collection=abc epoch=3');
const plaintext = new TextEncoder().encode('hunter2');

describe('XChaCha20-Poly1305 seal/open', () => {
  it('the primitive matches draft-irtf-cfrg-xchacha-03 §A.3.1 (fixed nonce)', () => {
    const out = xchacha20poly1305(hexToBytes(V.key), hexToBytes(V.nonce), hexToBytes(V.aad)).encrypt(hexToBytes(V.plaintext));
    expect(bytesToHex(out)).toBe(V.ciphertext + V.tag);
  });

  it('open() reads the §A.3.1 vector laid out in our format (nonce ‖ ciphertext ‖ tag)', () => {
    const sealed = hexToBytes(V.nonce + V.ciphertext + V.tag);
    expect(bytesToHex(open(hexToBytes(V.key), sealed, hexToBytes(V.aad)))).toBe(V.plaintext);
  });

  it('round-trips any plaintext and associated data; the box is 40 bytes longer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 40 }), (pt, aad) => {
        const sealed = seal(key, pt, aad);
        expect(sealed).toHaveLength(pt.length + AEAD_OVERHEAD);
        expect(open(key, sealed, aad)).toEqual(pt);
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a box with any single byte changed (nonce, ciphertext or tag)', () => {
    const sealed = seal(key, plaintext, ad);
    for (let i = 0; i < sealed.length; i++) {
      const tampered = sealed.slice();
      tampered[i] = (tampered[i] ?? 0) ^ 0x01;
      expect(() => open(key, tampered, ad)).toThrowError(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
    }
  });

  it('refuses wrong associated data, a wrong key, and a truncated box', () => {
    const sealed = seal(key, plaintext, ad);
    const code = { code: 'DECRYPT_FAILED' };
    expect(() => open(key, sealed, new TextEncoder().encode('item/v1 collection=abc epoch=4'))).toThrowError(expect.objectContaining(code));
    expect(() => open(new Uint8Array(32).fill(0x43), sealed, ad)).toThrowError(expect.objectContaining(code));
    expect(() => open(key, sealed.subarray(0, AEAD_OVERHEAD - 1), ad)).toThrowError(expect.objectContaining(code));
    expect(() => open(key, sealed.subarray(0, sealed.length - 1), ad)).toThrowError(expect.objectContaining(code));
  });

  it('makes a fresh random nonce for every seal', () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 100; i++) nonces.add(bytesToHex(seal(key, plaintext, ad).subarray(0, AEAD_NONCE_LENGTH)));
    expect(nonces.size).toBe(100);
  });

  it('refuses keys that are not 32 bytes with BAD_INPUT', () => {
    for (const bad of [new Uint8Array(16), new Uint8Array(31), new Uint8Array(33)]) {
      expect(() => seal(bad, plaintext, ad)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
      expect(() => open(bad, new Uint8Array(64), ad)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
    }
  });
});
