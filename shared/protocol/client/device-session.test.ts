/**
 * The client's session handling against a scripted server that checks real Ed25519 signatures:
 * the challenge is signed under "auth/v1" over the server's origin; a token is reused until close
 * to its expiry and concurrent requests share one sign-in; a 401 leads to one fresh sign-in and a
 * retry, and a second 401, or a refused sign-in, is UNAUTHORIZED.
 */
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from '../../crypto/base64url';
import { generateSigningKeyPair, verify } from '../../crypto/ed25519';
import { randomBytes } from '../../crypto/random';
import { AUTH_CHALLENGE_PATH, AUTH_SESSION_PATH, authMessage, CHALLENGE_TTL_MS, SESSION_TTL_MS } from '../api/auth';
import { VaultError } from '../errors';
import { DeviceSession } from './device-session';
import type { FetchLike } from './http-exchange';

const SERVER = 'https://vault.test:8443';
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });

/** A fake server: issues challenges, grants sessions for valid signatures, counts sign-ins. */
function fakeServer(options: { refuseSessions?: boolean; serverClockOffset?: number } = {}) {
  const keys = generateSigningKeyPair();
  const credentials = { identity: randomBytes(32), device: randomBytes(16), seed: keys.seed };
  const nonces = new Set<string>();
  const tokens = new Set<string>();
  const state = { signIns: 0, now: 1_000_000 };
  const fetch: FetchLike = async (url, init) => {
    const path = url.slice(SERVER.length);
    const serverNow = state.now + (options.serverClockOffset ?? 0);
    if (path === AUTH_CHALLENGE_PATH) {
      const nonce = toBase64url(randomBytes(32));
      nonces.add(nonce);
      return json(200, { nonce, expires: serverNow + CHALLENGE_TTL_MS });
    }
    if (path === AUTH_SESSION_PATH) {
      const body = JSON.parse(String(init.body)) as { nonce: string; signature: string };
      const message = authMessage({ origin: SERVER, account: credentials.identity, device: credentials.device, nonce: fromBase64url(body.nonce) });
      const valid = nonces.delete(body.nonce) && verify('auth/v1', keys.publicKey, message, fromBase64url(body.signature));
      if (!valid || options.refuseSessions) return json(401, { error: { code: 'UNAUTHORIZED', message: 'authentication failed' } });
      state.signIns += 1;
      const token = toBase64url(randomBytes(32));
      tokens.add(token);
      return json(200, { token, expires: serverNow + SESSION_TTL_MS });
    }
    const token = (init.headers as Record<string, string>).authorization?.slice('Bearer '.length) ?? '';
    return tokens.has(token) ? json(200, { ok: true }) : json(401, { error: { code: 'UNAUTHORIZED', message: 'authentication failed' } });
  };
  const session = new DeviceSession({ server: SERVER, fetch, timeoutMs: 5000 }, credentials, SERVER, () => state.now);
  const request = (token: string) => fetch(`${SERVER}/v1/thing`, { headers: { authorization: `Bearer ${token}` } });
  return { session, state, tokens, request };
}

describe('DeviceSession', () => {
  it('signs in once and reuses the token, also for concurrent requests', async () => {
    const { session, state, request } = fakeServer();
    const answers = await Promise.all([1, 2, 3].map(() => session.withSession(request)));
    expect(answers.map((res) => res.status)).toEqual([200, 200, 200]);
    await session.withSession(request);
    expect(state.signIns).toBe(1);
  });

  it('signs in again once the token is about to expire, whatever the offset of the server clock', async () => {
    const { session, state, request } = fakeServer({ serverClockOffset: 3_600_000 });
    await session.withSession(request);
    state.now += SESSION_TTL_MS - 60_000;
    await session.withSession(request);
    expect(state.signIns).toBe(1);
    state.now += 45_000;
    await session.withSession(request);
    expect(state.signIns).toBe(2);
  });

  it('answers a 401 with one fresh sign-in and a retry', async () => {
    const { session, state, tokens, request } = fakeServer();
    await session.withSession(request);
    tokens.clear();
    expect((await session.withSession(request)).status).toBe(200);
    expect(state.signIns).toBe(2);
  });

  it('is UNAUTHORIZED after a second 401, or when sign-in is refused', async () => {
    const { session, tokens } = fakeServer();
    const alwaysRefused = async (token: string) => {
      tokens.delete(token);
      return json(401, { error: { code: 'UNAUTHORIZED', message: 'authentication failed' } });
    };
    await expect(session.withSession(alwaysRefused)).rejects.toThrow(VaultError);
    await expect(session.withSession(alwaysRefused)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const refused = fakeServer({ refuseSessions: true });
    await expect(refused.session.withSession(refused.request)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
