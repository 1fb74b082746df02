import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CROCKFORD_ALPHABET, fromCrockford, toCrockford } from './base32-crockford';
import { RFC4648_BASE32_VECTORS } from './vectors/rfc4648-base32';

const RFC_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Re-spell an RFC 4648 base32 string in Crockford's alphabet (same values), without padding. */
function respell(rfc: string): string {
  return [...rfc.replace(/=+$/, '')].map((c) => CROCKFORD_ALPHABET.charAt(RFC_ALPHABET.indexOf(c))).join('');
}

describe("Crockford's base32", () => {
  it.each(RFC4648_BASE32_VECTORS)('encodes RFC 4648 §10 "$input" ($rfc) re-spelled', ({ input, rfc }) => {
    expect(toCrockford(utf8(input))).toBe(respell(rfc));
    expect(fromCrockford(respell(rfc))).toEqual(utf8(input));
  });

  it('round-trips any bytes, also in lower case', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const text = toCrockford(bytes);
        expect(text).toMatch(/^[0-9A-HJKMNP-TV-Z]*$/);
        expect(fromCrockford(text)).toEqual(bytes);
        expect(fromCrockford(text.toLowerCase())).toEqual(bytes);
      }),
    );
  });

  it('reads the look-alikes I and L as 1 and O as 0', () => {
    expect(fromCrockford('0O0o')).toEqual(fromCrockford('0000'));
    expect(fromCrockford('1ILil1Q0')).toEqual(fromCrockford('111111Q0'));
  });

  it('refuses U, punctuation, separators and characters outside ASCII', () => {
    for (const text of ['0U', '0-', '0 ', 'Ä0', '0=', '=']) {
      expect(() => fromCrockford(text.padEnd(2, '0'))).toThrow(expect.objectContaining({ code: 'BAD_ENCODING' }));
    }
  });

  it('refuses lengths no byte string has and non-zero unused bits', () => {
    for (const text of ['0', '000', '000000']) {
      expect(() => fromCrockford(text)).toThrow(expect.objectContaining({ code: 'BAD_ENCODING' }));
    }
    // "f" is "CR": C = 01100, R = 11000 -> 01100110 00: the last two bits must be zero.
    expect(fromCrockford('CR')).toEqual(utf8('f'));
    expect(() => fromCrockford('CS')).toThrow(expect.objectContaining({ code: 'BAD_ENCODING' }));
  });
});
