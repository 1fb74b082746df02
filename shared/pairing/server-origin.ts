/**
 * The sync server a pairing invite names (DESIGN.md §7), as an origin (WHATWG URL Standard §4,
 * "origin"): `https://host[:port]`, the same form the server signs in `auth/v1` challenges. It is
 * bound into every pairing message, so both devices must hold the same text: only the canonical
 * serialization is accepted.
 *
 * Refuses (BAD_ENCODING): text that is not a URL; anything but an origin in its canonical form (a
 * path, query, fragment, credentials, upper case, a default port); a scheme other than https, except
 * http to a loopback host (localhost, 127.0.0.1, [::1]) for development; more than 256 characters.
 */
import { VaultError } from '../protocol/errors';

export const MAX_SERVER_ORIGIN_LENGTH = 256;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Return `text` when it is a canonical https (or loopback http) origin; throw otherwise. */
export function checkServerOrigin(text: string): string {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_SERVER_ORIGIN_LENGTH) {
    throw new VaultError('BAD_ENCODING', `server must be an origin of 1..${MAX_SERVER_ORIGIN_LENGTH} characters`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new VaultError('BAD_ENCODING', 'server is not a URL');
  }
  if (url.origin !== text) {
    throw new VaultError('BAD_ENCODING', `server must be written as its origin (${url.origin}), without path or query`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new VaultError('BAD_ENCODING', 'server must use https (http only to localhost)');
  }
  return text;
}
