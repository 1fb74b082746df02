/**
 * Item ids: 128 random bits as 22 characters of unpadded URL-safe base64 (RFC 4648 §5), as
 * DESIGN.md §6 asks for records ("random 128-bit item id").
 *
 * Randomness arrives through the `RandomBytes` port so this module stays pure. Refuses a port that
 * returns the wrong number of bytes. `ITEM_ID_PATTERN` accepts only canonical ids (the last character
 * carries 2 data bits, so it is one of A, Q, g, w).
 */
import { VaultError } from '../protocol/errors';
import { base64UrlEncode } from './base64';

/** The randomness port: `n` fresh bytes from a CSPRNG (production wraps `crypto.getRandomValues`). */
export type RandomBytes = (n: number) => Uint8Array;

export const ITEM_ID_BYTES = 16;
export const ITEM_ID_PATTERN = /^[A-Za-z0-9_-]{21}[AQgw]$/;

/** Bytes from the port, checked for length. */
export function takeRandom(random: RandomBytes, n: number): Uint8Array {
  const bytes = random(n);
  if (!(bytes instanceof Uint8Array) || bytes.length !== n) {
    throw new VaultError('INTERNAL', `random source returned ${bytes.length} bytes, wanted ${n}`);
  }
  return bytes;
}

/** A fresh random item id. */
export function newItemId(random: RandomBytes): string {
  return base64UrlEncode(takeRandom(random, ITEM_ID_BYTES));
}
