/**
 * Login URLs: which addresses a login belongs to, and how autofill may match them (DESIGN.md §10).
 *
 * Follows the WHATWG URL Standard through the platform `URL` class. Refuses every scheme but http and
 * https (no javascript:, data:, file: or chrome-extension: links in items, since the popup opens and
 * fills only http(s)), URLs with embedded credentials, and URLs longer than 2,048 characters.
 */

export const URL_MATCH_MODES = ['origin', 'domain', 'exact', 'never'] as const;
export type UrlMatch = (typeof URL_MATCH_MODES)[number];

export const MAX_URL_LENGTH = 2048;

function parse(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** Why a login URL is refused, or null when it is acceptable as stored. */
export function loginUrlProblem(text: string): string | null {
  if (text.length === 0 || text.length > MAX_URL_LENGTH) return `must be 1..${MAX_URL_LENGTH} characters`;
  const url = parse(text);
  if (url === null) return 'is not a URL';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be http or https';
  if (url.hostname === '') return 'has no host';
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password';
  return null;
}

/**
 * What a person typed into the URL field, in stored form: trimmed, `https://` added when no scheme
 * was given ("example.com/login"), then serialised by the URL parser. Returns the input unchanged
 * when it does not parse, so validation reports it.
 */
export function normalizeLoginUrl(input: string): string {
  const trimmed = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !/^[^:/]+:\d+(\/|$)/.test(trimmed) ? trimmed : `https://${trimmed}`;
  const url = parse(withScheme);
  return url === null ? trimmed : url.href;
}

/** The lowercase host name of a stored login URL, or null when it does not parse. */
export function loginUrlHost(text: string): string | null {
  return parse(text)?.hostname ?? null;
}
