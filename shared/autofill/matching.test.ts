import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LoginUrl } from '../vault/item-types';
import { candidatesFor, matchLogin } from './matching';

const at = (url: string, match: LoginUrl['match'] = 'origin'): LoginUrl[] => [{ url, match }];

describe('matchLogin', () => {
  it('fills on an exact origin match', () => {
    expect(matchLogin(at('https://shop.example/login'), 'https://shop.example/account?x=1')).toEqual({ kind: 'origin' });
  });

  it('offers a same-registrable-domain login only as a domain match (explicit choice)', () => {
    expect(matchLogin(at('https://shop.example'), 'https://login.shop.example/')).toEqual({ kind: 'domain' });
    expect(matchLogin(at('https://a.shop.example', 'domain'), 'https://b.shop.example/')).toEqual({ kind: 'domain' });
  });

  it('never matches another site', () => {
    expect(matchLogin(at('https://shop.example'), 'https://evil.example/')).toEqual({ kind: 'none', insecure: false });
    expect(matchLogin(at('https://shop.example'), 'https://shop.example.evil.test/')).toEqual({ kind: 'none', insecure: false });
  });

  it('keeps users of a private suffix apart (github.io)', () => {
    expect(matchLogin(at('https://alice.github.io'), 'https://mallory.github.io/')).toEqual({ kind: 'none', insecure: false });
  });

  it('never fills an https login on an http page, and says so', () => {
    expect(matchLogin(at('https://shop.example'), 'http://shop.example/')).toEqual({ kind: 'none', insecure: true });
    expect(matchLogin(at('https://shop.example'), 'http://www.shop.example/')).toEqual({ kind: 'none', insecure: true });
  });

  it('offers an http login on the https page of the same host only on choice', () => {
    expect(matchLogin(at('http://shop.example'), 'https://shop.example/')).toEqual({ kind: 'domain' });
  });

  it('treats ports as part of the origin', () => {
    expect(matchLogin(at('https://shop.example:8443'), 'https://shop.example:8443/')).toEqual({ kind: 'origin' });
    expect(matchLogin(at('https://shop.example:8443'), 'https://shop.example/')).toEqual({ kind: 'domain' });
  });

  it('never matches a punycode lookalike, even under a shared suffix', () => {
    const lookalike = new URL('https://shоp.example/').href; // Cyrillic o
    expect(lookalike).toContain('xn--');
    expect(matchLogin(at('https://shop.example'), lookalike)).toEqual({ kind: 'none', insecure: false });
    expect(matchLogin(at('https://login.shop.example'), 'https://xn--lgin-9ve.shop.example/')).toEqual({ kind: 'none', insecure: false });
    expect(matchLogin(at('https://shоp.example'), 'https://shоp.example/')).toEqual({ kind: 'origin' });
  });

  it('honours the never and exact modes', () => {
    expect(matchLogin(at('https://shop.example', 'never'), 'https://shop.example/')).toEqual({ kind: 'none', insecure: false });
    expect(matchLogin(at('https://shop.example/login', 'exact'), 'https://shop.example/login?next=1')).toEqual({ kind: 'origin' });
    expect(matchLogin(at('https://shop.example/login', 'exact'), 'https://shop.example/other')).toEqual({ kind: 'none', insecure: false });
    expect(matchLogin(at('https://shop.example/login', 'exact'), 'https://www.shop.example/login')).toEqual({ kind: 'none', insecure: false });
  });

  it('matches IP addresses and single-label hosts only at their exact origin', () => {
    expect(matchLogin(at('http://127.0.0.1:8080'), 'http://127.0.0.1:8080/')).toEqual({ kind: 'origin' });
    expect(matchLogin(at('http://127.0.0.1:8080'), 'http://127.0.0.2:8080/')).toEqual({ kind: 'none', insecure: false });
    expect(matchLogin(at('http://localhost:1'), 'http://localhost:2/')).toEqual({ kind: 'none', insecure: false });
  });

  it('refuses non-web pages', () => {
    expect(matchLogin(at('https://shop.example'), 'chrome://settings')).toEqual({ kind: 'none', insecure: false });
    expect(matchLogin(at('https://shop.example'), 'not a url')).toEqual({ kind: 'none', insecure: false });
  });
});

describe('candidatesFor', () => {
  const logins = [
    { id: 'a', name: 'Alpha', username: 'a', urls: at('https://shop.example') },
    { id: 'b', name: 'Beta', username: 'b', urls: at('https://shop.example') },
    { id: 'c', name: 'Gamma', username: 'c', urls: at('https://www.shop.example') },
    { id: 'd', name: 'Delta', username: 'd', urls: at('https://evil.example') },
  ];

  it('orders each group by last use, then name, and never lists another site', () => {
    const used: Record<string, number> = { b: 20, a: 10 };
    const result = candidatesFor(logins, 'https://shop.example/', (id) => used[id] ?? 0);
    expect(result.origin.map((c) => c.id)).toEqual(['b', 'a']);
    expect(result.domain.map((c) => c.id)).toEqual(['c']);
    expect(result.insecure).toBe(0);
  });

  it('counts https logins that an http page may not have', () => {
    expect(candidatesFor(logins, 'http://shop.example/', () => 0)).toEqual({ origin: [], domain: [], insecure: 3 });
  });
});

describe('matching properties', () => {
  const label = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
  const host = fc.tuple(label, label, fc.constantFrom('com', 'org', 'co.uk', 'example')).map(([a, b, tld]) => `${a}.${b}.${tld}`);
  const scheme = fc.constantFrom('http', 'https');

  it('a page whose registrable domain differs never matches', () => {
    fc.assert(
      fc.property(scheme, host, scheme, host, (s1, h1, s2, h2) => {
        const d1 = h1.split('.').slice(1).join('.');
        const d2 = h2.split('.').slice(1).join('.');
        fc.pre(d1 !== d2);
        expect(matchLogin(at(`${s1}://${h1}`), `${s2}://${h2}/`).kind).toBe('none');
      }),
    );
  });

  it('an https login never matches an http page', () => {
    fc.assert(
      fc.property(host, host, fc.constantFrom('origin', 'domain', 'exact') as fc.Arbitrary<LoginUrl['match']>, (h1, h2, mode) => {
        expect(matchLogin(at(`https://${h1}/`, mode), `http://${h2}/`).kind).toBe('none');
      }),
    );
  });

  it('an origin match is symmetric in the login and the page', () => {
    fc.assert(
      fc.property(scheme, host, scheme, host, (s1, h1, s2, h2) => {
        const a = matchLogin(at(`${s1}://${h1}`), `${s2}://${h2}/`).kind === 'origin';
        const b = matchLogin(at(`${s2}://${h2}`), `${s1}://${h1}/`).kind === 'origin';
        expect(a).toBe(b);
        expect(a).toBe(s1 === s2 && h1 === h2);
      }),
    );
  });
});
