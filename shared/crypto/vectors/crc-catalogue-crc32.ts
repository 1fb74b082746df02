/**
 * Source: Greg Cook, "Catalogue of parametrised CRC algorithms", entry CRC-32/ISO-HDLC
 * (width 32, poly 0x04c11db7, init 0xffffffff, refin/refout true, xorout 0xffffffff,
 * check 0xcbf43926, residue 0xdebb20e3 (unreflected; 0x2144df1c as zlib's register reads it)),
 * https://reveng.sourceforge.io/crc-catalogue/17plus.htm#crc.cat.crc-32-iso-hdlc; the other
 * values are zlib's crc32() of the same ASCII strings (RFC 1952 §8 gives the algorithm).
 */
export const CRC32_VECTORS: readonly { readonly input: string; readonly crc: string }[] = [
  { input: '123456789', crc: 'cbf43926' },
  { input: '', crc: '00000000' },
  { input: 'a', crc: 'e8b7be43' },
  { input: 'abc', crc: '352441c2' },
  { input: 'The quick brown fox jumps over the lazy dog', crc: '414fa339' },
];
