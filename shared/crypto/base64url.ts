/**
 * base64url without padding (RFC 4648 §5, padding omitted as §3.2 permits), the one text encoding for
 * bytes in JSON, URLs, ids and storage keys.
 *
 * Decoding is strict so that every byte string has exactly one text form (ids and keys are compared
 * as text). Refuses (BAD_ENCODING): any character outside A–Z a–z 0–9 "-" "_" (so "=", "+", "/",
 * whitespace), a length ≡ 1 (mod 4), and non-zero unused trailing bits (RFC 4648 §3.5).
 */
import { VaultError } from '../protocol/errors';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const DECODE_TABLE: Int16Array = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

function sextet(text: string, index: number): number {
  const code = text.charCodeAt(index);
  const value = code < 128 ? (DECODE_TABLE[code] ?? -1) : -1;
  if (value < 0) throw new VaultError('BAD_ENCODING', `base64url: invalid character at ${index}`);
  return value;
}

/** Encode bytes as unpadded base64url. */
export function toBase64url(bytes: Uint8Array): string {
  const char = (n: number): string => ALPHABET.charAt(n & 63);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const rest = bytes.length - i;
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += char(n >> 18) + char(n >> 12);
    if (rest > 1) out += char(n >> 6);
    if (rest > 2) out += char(n);
  }
  return out;
}

/** Decode unpadded base64url, refusing any non-canonical text. */
export function fromBase64url(text: string): Uint8Array {
  if (typeof text !== 'string') throw new VaultError('BAD_ENCODING', 'base64url: not a string');
  if (text.length % 4 === 1) throw new VaultError('BAD_ENCODING', 'base64url: impossible length');
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const rest = Math.min(4, text.length - i);
    let n = 0;
    for (let j = 0; j < 4; j++) n = (n << 6) | (j < rest ? sextet(text, i + j) : 0);
    const bytes = rest - 1;
    const unused = rest === 2 ? 0xffff : rest === 3 ? 0xff : 0;
    if ((n & unused) !== 0) throw new VaultError('BAD_ENCODING', 'base64url: non-zero trailing bits');
    out[o++] = n >> 16;
    if (bytes > 1) out[o++] = (n >> 8) & 255;
    if (bytes > 2) out[o++] = n & 255;
  }
  return out;
}
