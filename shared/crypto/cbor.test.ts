import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CborValue, decodeCanonical, encodeCanonical } from './cbor';
import { RFC8949_EXAMPLES, RFC8949_REFUSED } from './vectors/rfc8949-cbor';

const refused = { code: 'BAD_ENCODING' };

describe('deterministic CBOR (RFC 8949 §4.2.1)', () => {
  it.each(RFC8949_EXAMPLES)('encodes and decodes the RFC 8949 Appendix A example $diag', ({ value, hex }) => {
    expect(bytesToHex(encodeCanonical(value))).toBe(hex);
    expect(decodeCanonical(hexToBytes(hex))).toEqual(value);
  });

  it.each(RFC8949_REFUSED)('refuses the RFC 8949 Appendix A item $diag', ({ hex }) => {
    expect(() => decodeCanonical(hexToBytes(hex))).toThrowError(expect.objectContaining(refused));
  });

  it('sorts map keys by the bytewise order of their encodings, whatever the insertion order', () => {
    // "b" (61 62) < "aa" (62 61 61): shorter text keys sort first because the head encodes length.
    const bytes = encodeCanonical({ zz: 1, aa: 2, b: 3, a: 4 });
    expect(bytesToHex(bytes)).toBe('a4' + '616104' + '616203' + '62616102' + '627a7a01');
    expect(bytesToHex(encodeCanonical({ a: 4, b: 3, aa: 2, zz: 1 }))).toBe(bytesToHex(bytes));
  });

  it.each([
    ['duplicate key {"a": 1, "a": 2}', 'a2616101616102'],
    ['unsorted keys {"b": 1, "a": 2}', 'a2616201616102'],
    ['length-first order broken {"aa": 1, "b": 2}', 'a2626161016162 02'.replace(' ', '')],
    ['0 encoded in two bytes (18 00)', '1800'],
    ['23 encoded in two bytes (18 17)', '1817'],
    ['24 encoded in three bytes (19 00 18)', '190018'],
    ['1000 encoded in five bytes', '1a000003e8'],
    ['a text length in a one-byte argument (78 01 61)', '780161'],
    ['an array length in a one-byte argument (98 01 01)', '980101'],
    ['trailing bytes after the item', '0000'],
    ['a truncated item', '1903'],
    ['a map with an integer key {1: 2}', 'a10102'],
    ['invalid UTF-8 in text', '62c328'],
    ['an empty input', ''],
  ])('refuses hand-built bytes: %s', (_name, hex) => {
    expect(() => decodeCanonical(hexToBytes(hex))).toThrowError(expect.objectContaining(refused));
  });

  it('refuses values outside the data model when encoding', () => {
    for (const value of [1.5, Number.NaN, 2 ** 53, -0, undefined, new Map(), new Uint16Array(2), () => 1, 10n]) {
      expect(() => encodeCanonical(value as unknown as CborValue)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
    }
  });

  it('decodes "__proto__" as an ordinary key, without touching the prototype', () => {
    const value = decodeCanonical(hexToBytes('a1695f5f70726f746f5f5f01'));
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value as object)).toEqual(['__proto__']);
  });

  it('round-trips every value of the data model, and re-encoding is the identity (property)', () => {
    const leaf = fc.oneof(
      fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
      fc.string(),
      fc.boolean(),
      fc.constant(null),
      fc.uint8Array({ maxLength: 20 }),
    );
    const value = fc.letrec<{ tree: CborValue }>((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('tree'), { maxLength: 4 }), fc.dictionary(fc.string(), tie('tree'), { maxKeys: 4 })),
    })).tree;
    fc.assert(
      fc.property(value, (v) => {
        const bytes = encodeCanonical(v);
        expect(decodeCanonical(bytes)).toEqual(v);
        expect(encodeCanonical(decodeCanonical(bytes))).toEqual(bytes);
      }),
      { numRuns: 200 },
    );
  });
});
