import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { HKDF_SHA256_MAX_LENGTH, hkdfExpand, hkdfExtract, hkdfSha256 } from './hkdf';
import { RFC5869_VECTORS } from './vectors/rfc5869-hkdf';

describe('HKDF-SHA-256 (RFC 5869)', () => {
  it.each(RFC5869_VECTORS)('matches RFC 5869 $name: PRK and OKM', (v) => {
    const prk = hkdfExtract(hexToBytes(v.ikm), hexToBytes(v.salt));
    expect(bytesToHex(prk)).toBe(v.prk);
    expect(bytesToHex(hkdfExpand(prk, hexToBytes(v.info), v.length))).toBe(v.okm);
    expect(bytesToHex(hkdfSha256(hexToBytes(v.ikm), hexToBytes(v.salt), hexToBytes(v.info), v.length))).toBe(v.okm);
  });

  it('refuses output lengths beyond 255 blocks, zero, or fractional', () => {
    const ikm = new Uint8Array(32).fill(1);
    for (const length of [0, -1, 1.5, HKDF_SHA256_MAX_LENGTH + 1]) {
      expect(() => hkdfSha256(ikm, new Uint8Array(0), new Uint8Array(0), length)).toThrowError(
        expect.objectContaining({ code: 'BAD_INPUT' }),
      );
    }
    expect(hkdfSha256(ikm, new Uint8Array(0), new Uint8Array(0), HKDF_SHA256_MAX_LENGTH)).toHaveLength(HKDF_SHA256_MAX_LENGTH);
  });

  it('refuses an empty input key and a PRK shorter than the hash', () => {
    expect(() => hkdfExtract(new Uint8Array(0), new Uint8Array(0))).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => hkdfExpand(new Uint8Array(31), new Uint8Array(0), 32)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
