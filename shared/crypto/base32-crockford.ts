/**
 * Crockford's Base32 (https://www.crockford.com/base32.html): 5 bits per character, most significant
 * first, over the alphabet 0-9 A-Z without I, L, O and U, for codes a person reads off paper and types
 * (recovery kits). The bit packing is RFC 4648 §6's; only the alphabet differs, and no "=" padding is
 * written (the length is known). The check symbols of Crockford's optional mod-37 checksum are not
 * used: callers append a CRC-32 (crc32.ts) instead.
 *
 * Decoding forgives what people get wrong when reading: lower case, and the look-alikes I and L (read
 * as 1) and O (read as 0). It refuses (BAD_ENCODING) anything else, U included, and, so that every
 * byte string still has one value, a length no byte string encodes to and non-zero unused bits in the
 * last character. Separators (hyphens, spaces) are the caller's to remove.
 */
import { VaultError } from '../protocol/errors';

export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const DECODE_TABLE: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < CROCKFORD_ALPHABET.length; i++) {
    table[CROCKFORD_ALPHABET.charCodeAt(i)] = i;
    table[CROCKFORD_ALPHABET.toLowerCase().charCodeAt(i)] = i;
  }
  for (const [char, value] of [['I', 1], ['i', 1], ['L', 1], ['l', 1], ['O', 0], ['o', 0]] as const) {
    table[char.charCodeAt(0)] = value;
  }
  return table;
})();

/** Encode bytes as upper-case Crockford base32, ceil(8n / 5) characters. */
export function toCrockford(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += CROCKFORD_ALPHABET.charAt((buffer >> bits) & 31);
    }
  }
  if (bits > 0) out += CROCKFORD_ALPHABET.charAt((buffer << (5 - bits)) & 31);
  return out;
}

/** Decode Crockford base32 (no separators), refusing unknown characters and non-canonical endings. */
export function fromCrockford(text: string): Uint8Array {
  if (typeof text !== 'string') throw new VaultError('BAD_ENCODING', 'base32: not a string');
  const leftover = (text.length * 5) % 8;
  if (leftover >= 5) throw new VaultError('BAD_ENCODING', 'base32: impossible length');
  const out = new Uint8Array(Math.floor((text.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? (DECODE_TABLE[code] ?? -1) : -1;
    if (value < 0) throw new VaultError('BAD_ENCODING', `base32: invalid character at ${i}`);
    buffer = ((buffer << 5) | value) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) throw new VaultError('BAD_ENCODING', 'base32: non-zero trailing bits');
  return out;
}
