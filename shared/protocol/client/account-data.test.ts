/**
 * The account-data client against a scripted server that checks real Ed25519 signatures: deletion
 * is confirmed by a signature over `deleteAccountMessage` (never the sign-in message) for the
 * server's origin, sent with the session's token; the data view refuses an answer about another
 * account or with a fingerprint that does not match its key, and shows this build's explanations
 * whatever the server wrote.
 */
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from '../../crypto/base64url';
import { generateSigningKeyPair, verify } from '../../crypto/ed25519';
import { randomBytes } from '../../crypto/random';
import { ACCOUNT_DATA_EXPLANATIONS, accountDataPath, type AccountDataResponse } from '../api/account-data';
import { accountPath, deleteAccountMessage } from '../api/account-deletion';
import { AUTH_CHALLENGE_PATH, AUTH_SESSION_PATH, CHALLENGE_TTL_MS, SESSION_TTL_MS } from '../api/auth';
import { keyFingerprint } from '../key-fingerprint';
import { deleteAccount, fetchAccountData } from './account-data';
import type { FetchLike } from './http-exchange';
import { codeOf } from '../testing/error-code';

const SERVER = 'https://vault.test:8443';
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });

function scripted(answer: (path: string, init: RequestInit, nonces: Set<string>) => Response) {
  const keys = generateSigningKeyPair();
  const device = { identity: randomBytes(32), device: randomBytes(16), seed: keys.seed };
  const nonces = new Set<string>();
  const fetch: FetchLike = async (url, init) => {
    const path = url.slice(SERVER.length);
    if (path === AUTH_CHALLENGE_PATH) {
      const nonce = toBase64url(randomBytes(32));
      nonces.add(nonce);
      return json(200, { nonce, expires: Date.now() + CHALLENGE_TTL_MS });
    }
    if (path === AUTH_SESSION_PATH) return json(200, { token: toBase64url(randomBytes(32)), expires: Date.now() + SESSION_TTL_MS });
    return answer(path, init, nonces);
  };
  return { fetch, device, keys };
}

function dataFor(account: Uint8Array, signingKey: Uint8Array, fingerprint = keyFingerprint(signingKey)): AccountDataResponse {
  return {
    account: { id: toBase64url(account), createdAt: 1, frozen: false },
    identityChain: { entries: 1, bytes: 200, head: toBase64url(randomBytes(32)) },
    devices: [{ id: toBase64url(randomBytes(16)), signingKey: toBase64url(signingKey), fingerprint, revoked: false, frozen: false, lastSeenHour: null }],
    sessions: { active: 1, latestExpiry: 2 },
    challenges: { pending: 0 },
    heartbeats: [],
    collections: [],
    rateLimits: [],
    explanations: { ...ACCOUNT_DATA_EXPLANATIONS, account: 'Trust me.' },
  };
}


describe('deleteAccount', () => {
  it('signs the deletion message for the server origin with a fresh challenge and sends it with the session', async () => {
    const summary = { deleted: { devices: 1, collections: 0, batches: 0, chainEntries: 1, heartbeats: 0, sessions: 1 }, leftSharedCollections: 0, identityChainKept: false };
    const seen: { method?: string; authorized?: boolean; valid?: boolean } = {};
    const { fetch, device, keys } = scripted((path, init, nonces) => {
      const body = JSON.parse(String(init.body)) as { nonce: string; signature: string };
      const message = deleteAccountMessage({ origin: SERVER, account: device.identity, device: device.device, nonce: fromBase64url(body.nonce) });
      seen.method = init.method;
      seen.authorized = (init.headers as Record<string, string>).authorization?.startsWith('Bearer ');
      seen.valid = path === accountPath(toBase64url(device.identity)) && nonces.has(body.nonce) && verify('auth/v1', keys.publicKey, message, fromBase64url(body.signature));
      return json(200, summary);
    });
    expect(await deleteAccount({ server: `${SERVER}/`, fetch, device })).toEqual(summary);
    expect(seen).toEqual({ method: 'DELETE', authorized: true, valid: true });
  });

  it('passes a refusal through as its code', async () => {
    const { fetch, device } = scripted(() => json(400, { error: { code: 'BAD_SIGNATURE', message: 'no' } }));
    expect(await codeOf(deleteAccount({ server: SERVER, fetch, device }))).toBe('BAD_SIGNATURE');
  });
});

describe('fetchAccountData', () => {
  it("replaces the server's explanations with this build's", async () => {
    const { fetch, device, keys } = scripted((path) => (path === accountDataPath(toBase64url(device.identity)) ? json(200, dataFor(device.identity, keys.publicKey)) : json(404, {})));
    const data = await fetchAccountData({ server: SERVER, fetch, device });
    expect(data.explanations).toEqual(ACCOUNT_DATA_EXPLANATIONS);
    expect(data.devices).toHaveLength(1);
  });

  it('refuses an answer about another account, or a fingerprint that is not its key', async () => {
    const other = scripted(() => json(200, dataFor(randomBytes(32), randomBytes(32))));
    expect(await codeOf(fetchAccountData({ server: SERVER, fetch: other.fetch, device: other.device }))).toBe('BAD_ENCODING');
    const forged = scripted(() => json(200, dataFor(forged.device.identity, forged.keys.publicKey, keyFingerprint(randomBytes(32)))));
    expect(await codeOf(fetchAccountData({ server: SERVER, fetch: forged.fetch, device: forged.device }))).toBe('BAD_ENCODING');
  });

  it('reports FROZEN when the operator froze the account', async () => {
    const { fetch, device } = scripted(() => json(403, { error: { code: 'FROZEN', message: 'frozen' } }));
    expect(await codeOf(fetchAccountData({ server: SERVER, fetch, device }))).toBe('FROZEN');
  });
});
