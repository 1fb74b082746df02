/**
 * The client's exchange rules without a server (a scripted fetch): every request goes out with
 * `redirect: "error"`, no cookies and a timeout; answers become the VaultError codes the sync engine
 * expects; a success outside its contract is refused; and a server cannot smuggle a verification
 * state (FORK, ROLLBACK, …) into the client through an error body.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { expectEmpty, failureOf, parseSuccess, send, type FetchLike } from './http-exchange';
import { codeOf } from '../testing/error-code';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const errorBody = (code: string, message = 'refused') => ({ error: { code, message } });


describe('send', () => {
  it('sends JSON with redirect "error", no cookies, no cache, a bearer token and a timeout signal', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const fetch: FetchLike = async function (this: unknown, url, init) {
      // A browser's fetch throws "Illegal invocation" when called as a method of another object.
      expect(this).toBeUndefined();
      seen.push({ url, init });
      return json(200, {});
    };
    await send({ server: 'https://vault.test:8443', fetch, timeoutMs: 1000 }, { method: 'POST', path: '/v1/x?y=1', body: { a: 1 }, token: 'tok' });
    const [{ url, init }] = seen as [{ url: string; init: RequestInit }];
    expect(url).toBe('https://vault.test:8443/v1/x?y=1');
    expect(init).toMatchObject({ method: 'POST', body: '{"a":1}', redirect: 'error', credentials: 'omit', cache: 'no-store' });
    expect(init.headers).toEqual({ accept: 'application/json', 'content-type': 'application/json', authorization: 'Bearer tok' });
    expect(init.signal).toBeInstanceOf(AbortSignal);
  });

  it('turns a network failure (or a refused redirect) into UNAVAILABLE', async () => {
    const fetch: FetchLike = async () => {
      throw new TypeError('fetch failed');
    };
    expect(await codeOf(send({ server: 'https://x', fetch, timeoutMs: 1000 }, { method: 'GET', path: '/' }))).toBe('UNAVAILABLE');
  });

  it('gives up after the timeout with UNAVAILABLE', async () => {
    const fetch: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    expect(await codeOf(send({ server: 'https://x', fetch, timeoutMs: 20 }, { method: 'GET', path: '/' }))).toBe('UNAVAILABLE');
  });
});

describe('failureOf', () => {
  it.each([
    [500, errorBody('INTERNAL'), 'UNAVAILABLE'],
    [503, errorBody('UNAVAILABLE'), 'UNAVAILABLE'],
    [502, 'bad gateway', 'UNAVAILABLE'],
    [409, errorBody('CONFLICT'), 'CONFLICT'],
    [409, null, 'CONFLICT'],
    [401, errorBody('BAD_INPUT'), 'UNAUTHORIZED'],
    [429, errorBody('RATE_LIMITED'), 'RATE_LIMITED'],
    [404, errorBody('NOT_FOUND'), 'NOT_FOUND'],
    [400, errorBody('BAD_CHAIN'), 'BAD_CHAIN'],
    [403, errorBody('FORBIDDEN_SENDER'), 'FORBIDDEN_SENDER'],
    [403, errorBody('FROZEN'), 'FROZEN'],
    [413, 'too big', 'PAYLOAD_TOO_LARGE'],
    [400, 'not json', 'BAD_INPUT'],
    [400, errorBody('FORK'), 'BAD_INPUT'],
    [404, errorBody('ROLLBACK'), 'NOT_FOUND'],
    [200, {}, 'BAD_ENCODING'],
    [304, null, 'UNAVAILABLE'],
  ])('maps %i with %j to %s', async (status, body, code) => {
    const response = status === 304 ? new Response(null, { status }) : json(status, body);
    expect((await failureOf(response)).code).toBe(code);
  });
});

describe('parseSuccess', () => {
  const schema = z.object({ seq: z.number() }).strict();

  it('returns a body that fits its contract', async () => {
    expect(await parseSuccess(json(200, { seq: 3 }), 200, schema)).toEqual({ seq: 3 });
  });

  it('refuses a success outside its contract, or not JSON at all, with BAD_ENCODING', async () => {
    expect(await codeOf(parseSuccess(json(200, { seq: 3, extra: true }), 200, schema))).toBe('BAD_ENCODING');
    expect(await codeOf(parseSuccess(new Response('<html>', { status: 200 }), 200, schema))).toBe('BAD_ENCODING');
    expect(await codeOf(parseSuccess(json(201, { seq: 3 }), 200, schema))).toBe('BAD_ENCODING');
  });

  it('maps an error status through failureOf', async () => {
    expect(await codeOf(parseSuccess(json(409, errorBody('CONFLICT')), 200, schema))).toBe('CONFLICT');
    expect(await codeOf(expectEmpty(json(404, errorBody('NOT_FOUND')), 204))).toBe('NOT_FOUND');
  });
});
