/**
 * Source: RFC 8949 (CBOR), Appendix A "Examples of Encoded CBOR Data Items" (Table 6), restricted to
 * the data model the vault accepts (unsigned and negative integers within ±2^53, text, bytes, arrays,
 * maps with text keys, true/false/null). Hex, copied from the RFC.
 */
export type CborExampleValue =
  | number
  | string
  | boolean
  | null
  | Uint8Array
  | readonly CborExampleValue[]
  | { readonly [key: string]: CborExampleValue };

export const RFC8949_EXAMPLES: readonly { readonly diag: string; readonly value: CborExampleValue; readonly hex: string }[] = [
  { diag: '0', value: 0, hex: '00' },
  { diag: '1', value: 1, hex: '01' },
  { diag: '10', value: 10, hex: '0a' },
  { diag: '23', value: 23, hex: '17' },
  { diag: '24', value: 24, hex: '1818' },
  { diag: '25', value: 25, hex: '1819' },
  { diag: '100', value: 100, hex: '1864' },
  { diag: '1000', value: 1000, hex: '1903e8' },
  { diag: '1000000', value: 1000000, hex: '1a000f4240' },
  { diag: '1000000000000', value: 1000000000000, hex: '1b000000e8d4a51000' },
  { diag: '-1', value: -1, hex: '20' },
  { diag: '-10', value: -10, hex: '29' },
  { diag: '-100', value: -100, hex: '3863' },
  { diag: '-1000', value: -1000, hex: '3903e7' },
  { diag: 'false', value: false, hex: 'f4' },
  { diag: 'true', value: true, hex: 'f5' },
  { diag: 'null', value: null, hex: 'f6' },
  { diag: "h''", value: new Uint8Array([]), hex: '40' },
  { diag: "h'01020304'", value: new Uint8Array([1, 2, 3, 4]), hex: '4401020304' },
  { diag: '""', value: '', hex: '60' },
  { diag: '"a"', value: 'a', hex: '6161' },
  { diag: '"IETF"', value: 'IETF', hex: '6449455446' },
  { diag: '"\\"\\\\"', value: '"\\', hex: '62225c' },
  { diag: '"\\u00fc"', value: '\u00fc', hex: '62c3bc' },
  { diag: '"\\u6c34"', value: '\u6c34', hex: '63e6b0b4' },
  { diag: '[]', value: [], hex: '80' },
  { diag: '[1, 2, 3]', value: [1, 2, 3], hex: '83010203' },
  { diag: '[1, [2, 3], [4, 5]]', value: [1, [2, 3], [4, 5]], hex: '8301820203820405' },
  {
    diag: '[1, 2, ..., 25]',
    value: Array.from({ length: 25 }, (_, i) => i + 1),
    hex: '98190102030405060708090a0b0c0d0e0f101112131415161718181819',
  },
  { diag: '{}', value: {}, hex: 'a0' },
  { diag: '{"a": 1, "b": [2, 3]}', value: { a: 1, b: [2, 3] }, hex: 'a26161016162820203' },
  { diag: '["a", {"b": "c"}]', value: ['a', { b: 'c' }], hex: '826161a161626163' },
  {
    diag: '{"a": "A", "b": "B", "c": "C", "d": "D", "e": "E"}',
    value: { a: 'A', b: 'B', c: 'C', d: 'D', e: 'E' },
    hex: 'a56161614161626142616361436164614461656145',
  },
];

/**
 * Source: RFC 8949 Appendix A, items whose encoding is valid CBOR but not in the vault's data model
 * or not deterministic (§4.2.1); the decoder must refuse each.
 */
export const RFC8949_REFUSED: readonly { readonly diag: string; readonly hex: string }[] = [
  { diag: '1.5 (float)', hex: 'f93e00' },
  { diag: '0.0 (float16 for an integer value)', hex: 'f90000' },
  { diag: 'undefined', hex: 'f7' },
  { diag: 'simple(16)', hex: 'f0' },
  { diag: '18446744073709551615 (beyond 2^53)', hex: '1bffffffffffffffff' },
  { diag: '0("2013-03-21T20:04:00Z") (tag)', hex: 'c074323031332d30332d32315432303a30343a30305a' },
  { diag: '1(1363896240) (tag)', hex: 'c11a514b67b0' },
  { diag: "(_ h'0102', h'030405') (indefinite)", hex: '5f42010243030405ff' },
  { diag: '[_ ] (indefinite)', hex: '9fff' },
  { diag: '{_ "a": 1, "b": [_ 2, 3]} (indefinite)', hex: 'bf61610161629f0203ffff' },
  { diag: 'Infinity', hex: 'f97c00' },
  { diag: 'NaN', hex: 'f97e00' },
];
