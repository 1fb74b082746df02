/**
 * Base64 for the vault's text formats: RFC 4648 §4 (standard, for PEM bodies and OpenSSH key lines)
 * and §5 (URL-safe, unpadded, for item ids).
 *
 * Built on the web platform's `atob`/`btoa` (present in browsers, workers and Node 16+), never on
 * Node's Buffer. Decoding is strict: it refuses characters outside the alphabet, misplaced or missing
 * padding and non-zero trailing bits (RFC 4648 §3.5), so one byte string has exactly one text form.
 */
import { VaultError } from '../protocol/errors';

const STANDARD = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function toBinaryString(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return out;
}

/** Standard base64 with padding (RFC 4648 §4). */
export function base64Encode(bytes: Uint8Array): string {
  return btoa(toBinaryString(bytes));
}

/** URL-safe base64 without padding (RFC 4648 §5). */
export function base64UrlEncode(bytes: Uint8Array): string {
  return base64Encode(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Strict standard base64 (RFC 4648 §4, padded) to bytes; refuses anything non-canonical. */
export function base64Decode(text: string): Uint8Array {
  if (!STANDARD.test(text)) throw new VaultError('BAD_ENCODING', 'not canonical base64');
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  if (base64Encode(out) !== text) throw new VaultError('BAD_ENCODING', 'base64 has non-zero trailing bits');
  return out;
}
