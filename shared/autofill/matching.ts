/**
 * Which logins belong to a page (DESIGN.md §10): pure, so the worker, Node tests and the benchmark
 * share it. Origins follow the WHATWG URL Standard (scheme, host, port); registrable domains follow
 * the Public Suffix List through tldts (private suffixes included, so github.io users are apart).
 *
 * Per stored login URL:
 * - `never`: matches nothing.
 * - `exact`: same origin and same path: fills.
 * - `origin` and `domain`: same origin fills; same registrable domain is a `domain` match, which
 *   the caller offers only after an explicit choice, never from a one-key fill.
 * Refuses: an https login on an http page (whatever the host), a page or item on an IP address or
 * a single-label host except at exact origin, and any domain match where either host carries a
 * punycode (xn--) label the other does not share exactly: lookalike domains never match.
 */
import { parse } from 'tldts';
import type { LoginUrl } from '../vault/item-types';

export type MatchKind = 'origin' | 'domain';
export type Match = { kind: MatchKind } | { kind: 'none'; insecure: boolean };

interface Place {
  url: URL;
  domain: string | null;
}

function place(text: string): Place | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const parsed = parse(url.hostname, { allowPrivateDomains: true });
  return { url, domain: parsed.isIp === true ? null : parsed.domain };
}

function hasPunycode(host: string): boolean {
  return host.split('.').some((label) => label.startsWith('xn--'));
}

/** How one stored login URL matches the page, before the scheme rule. */
function matchOne(stored: LoginUrl, page: Place): MatchKind | null {
  if (stored.match === 'never') return null;
  const item = place(stored.url);
  if (item === null) return null;
  if (item.url.origin === page.url.origin) {
    if (stored.match === 'exact') return item.url.pathname === page.url.pathname ? 'origin' : null;
    return 'origin';
  }
  if (stored.match === 'exact') return null;
  if (item.domain === null || page.domain === null || item.domain !== page.domain) return null;
  if ((hasPunycode(item.url.hostname) || hasPunycode(page.url.hostname)) && item.url.hostname !== page.url.hostname) return null;
  return 'domain';
}

/**
 * The best match of a login's URLs against the page's top-frame URL. `insecure` says that some URL
 * would have matched but the page is http and the login is https.
 */
export function matchLogin(urls: readonly LoginUrl[], pageUrl: string): Match {
  const page = place(pageUrl);
  if (page === null) return { kind: 'none', insecure: false };
  let best: MatchKind | null = null;
  let insecure = false;
  for (const stored of urls) {
    const kind = matchOne(stored, page);
    const itemScheme = place(stored.url)?.url.protocol;
    const sameHostOtherScheme = kind === null && (stored.match === 'origin' || stored.match === 'domain') && sameHost(stored.url, page.url);
    if (page.url.protocol === 'http:' && itemScheme === 'https:') {
      if (kind !== null || sameHostOtherScheme) insecure = true;
      continue;
    }
    if (kind === 'origin') return { kind: 'origin' };
    if (kind === 'domain') best = 'domain';
    // An http login on the same host of an https page: an upgrade, offered only on choice.
    if (sameHostOtherScheme && page.url.protocol === 'https:' && itemScheme === 'http:') best = 'domain';
  }
  return best === null ? { kind: 'none', insecure } : { kind: best };
}

function sameHost(stored: string, page: URL): boolean {
  return place(stored)?.url.hostname === page.hostname;
}

export interface CandidateLogin {
  id: string;
  name: string;
  username: string;
  urls: readonly LoginUrl[];
}

export interface Candidate {
  id: string;
  name: string;
  username: string;
  kind: MatchKind;
  lastUsedAt: number;
}

export interface Candidates {
  /** Exact-origin matches, most recently used first: these fill. */
  origin: Candidate[];
  /** Same registrable domain: offered only after the person asks for them. */
  domain: Candidate[];
  /** Logins that would match but are https while the page is http: never filled. */
  insecure: number;
}

/** Candidates for a page, each group ordered by last use (most recent first), then by name. */
export function candidatesFor(logins: Iterable<CandidateLogin>, pageUrl: string, lastUsed: (id: string) => number): Candidates {
  const result: Candidates = { origin: [], domain: [], insecure: 0 };
  for (const login of logins) {
    const match = matchLogin(login.urls, pageUrl);
    if (match.kind === 'none') {
      if (match.insecure) result.insecure++;
      continue;
    }
    result[match.kind].push({ id: login.id, name: login.name, username: login.username, kind: match.kind, lastUsedAt: lastUsed(login.id) });
  }
  const order = (a: Candidate, b: Candidate) => b.lastUsedAt - a.lastUsedAt || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  result.origin.sort(order);
  result.domain.sort(order);
  return result;
}
