import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { hkdfSha256 } from './hkdf';
import { RFC5869_CASES } from './vectors/rfc5869-hkdf';

describe('HKDF-SHA-256', () => {
  it.each(RFC5869_CASES)('matches RFC 5869 $name', (v) => {
    expect(bytesToHex(hkdfSha256(hexToBytes(v.ikm), hexToBytes(v.salt), hexToBytes(v.info), v.length))).toBe(v.okm);
  });

  it('refuses impossible lengths', () => {
    expect(() => hkdfSha256(new Uint8Array(32), new Uint8Array(), new Uint8Array(), 8161)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => hkdfSha256(new Uint8Array(32), new Uint8Array(), new Uint8Array(), 0)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
