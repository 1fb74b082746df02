import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NONCE_LENGTH, open, seal } from './aead';
import { XCHACHA_A31 as V } from './vectors/xchacha20poly1305';

const key = new Uint8Array(32).fill(9);
const ad = new TextEncoder().encode('item/v1');

describe('XChaCha20-Poly1305 seal/open', () => {
  it('the primitive matches draft-irtf-cfrg-xchacha-03 §A.3.1', () => {
    const out = xchacha20poly1305(hexToBytes(V.key), hexToBytes(V.nonce), hexToBytes(V.aad)).encrypt(hexToBytes(V.plaintext));
    expect(bytesToHex(out)).toBe(V.ciphertext + V.tag);
  });

  it('opens the draft vector laid out in our sealed format (nonce ‖ ciphertext ‖ tag)', () => {
    const sealed = hexToBytes(V.nonce + V.ciphertext + V.tag);
    expect(bytesToHex(open(hexToBytes(V.key), sealed, hexToBytes(V.aad)))).toBe(V.plaintext);
  });

  it('round-trips any plaintext and never repeats a nonce', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (plaintext) => {
        const a = seal(key, plaintext, ad);
        const b = seal(key, plaintext, ad);
        expect(bytesToHex(a.subarray(0, NONCE_LENGTH))).not.toBe(bytesToHex(b.subarray(0, NONCE_LENGTH)));
        expect(open(key, a, ad)).toEqual(plaintext);
      }),
    );
  });

  it('refuses any flipped bit with DECRYPT_FAILED', () => {
    const sealed = seal(key, new TextEncoder().encode('hunter2'), ad);
    for (let i = 0; i < sealed.length; i++) {
      const tampered = sealed.slice();
      tampered[i]! ^= 0x01;
      expect(() => open(key, tampered, ad)).toThrowError(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
    }
  });

  it('refuses other associated data (a record moved to another place)', () => {
    const sealed = seal(key, new Uint8Array([1, 2, 3]), ad);
    expect(() => open(key, sealed, new TextEncoder().encode('item/v2'))).toThrowError(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
  });

  it('refuses the wrong key, short input and bad key lengths', () => {
    const sealed = seal(key, new Uint8Array([1]), ad);
    expect(() => open(new Uint8Array(32), sealed, ad)).toThrowError(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
    expect(() => open(key, sealed.subarray(0, 39), ad)).toThrowError(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
    expect(() => seal(new Uint8Array(16), sealed, ad)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
