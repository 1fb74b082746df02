import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from './base64url';
import { RFC4648_BASE64_VECTORS } from './vectors/rfc4648-base64url';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Independent reference: the platform's btoa (WHATWG forgiving-base64), mapped to the URL alphabet. */
function viaBtoa(bytes: Uint8Array): string {
  const binary = Array.from(bytes, (b) => String.fromCharCode(b)).join('');
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

describe('base64url (RFC 4648 §5, unpadded, strict)', () => {
  it.each(RFC4648_BASE64_VECTORS)('encodes RFC 4648 §10 "$input" as $padded without padding', ({ input, padded }) => {
    const unpadded = padded.replace(/=+$/, '');
    expect(toBase64url(utf8(input))).toBe(unpadded);
    expect(fromBase64url(unpadded)).toEqual(utf8(input));
  });

  it('uses "-" and "_" for values 62 and 63 (RFC 4648 Table 2)', () => {
    // 0xfb 0xff = 111110 111111 1111(00): values 62, 63, 60 → "-", "_", "8"
    expect(toBase64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
    expect(fromBase64url('-_8')).toEqual(new Uint8Array([0xfb, 0xff]));
  });

  it('round-trips any bytes and agrees with the platform btoa', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = toBase64url(bytes);
        expect(text).toBe(viaBtoa(bytes));
        expect(fromBase64url(text)).toEqual(bytes);
      }),
    );
  });

  it.each([
    ['padding', 'Zg=='],
    ['standard alphabet "+"', '+_8'],
    ['standard alphabet "/"', '-/8'],
    ['whitespace', 'Zm9v Yg'],
    ['a non-ASCII character', 'Zm9\u00e9'],
    ['an impossible length', 'Zm9vY'],
    ['non-zero trailing bits (one byte)', 'Zh'],
    ['non-zero trailing bits (two bytes)', 'Zm9'],
  ])('refuses %s', (_name, text) => {
    expect(() => fromBase64url(text)).toThrowError(expect.objectContaining({ code: 'BAD_ENCODING' }));
  });

  it('has exactly one text form per value: every other text with the same bytes is refused', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'AZaz09-_Qg='.split('')), maxLength: 12 }), (text) => {
        let decoded: Uint8Array;
        try {
          decoded = fromBase64url(text);
        } catch {
          return;
        }
        expect(toBase64url(decoded)).toBe(text);
      }),
    );
  });
});
