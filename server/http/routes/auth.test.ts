/**
 * Device authentication on a real server, SQLite and PostgreSQL: challenge → session with a real
 * Ed25519 key; every failure is the same 401 body; a token is needed, and a revoked device's token
 * stops at once.
 */
import { expect, it } from 'vitest';
import { toBase64url } from '../../../shared/crypto/base64url';
import { generateSigningKeyPair } from '../../../shared/crypto/ed25519';
import { randomBytes } from '../../../shared/crypto/random';
import { AUTH_CHALLENGE_PATH, AUTH_SESSION_PATH, challengeResponseSchema, sessionResponseSchema } from '../../../shared/protocol/api/auth';
import { errorBodySchema } from '../../../shared/protocol/api/error-body';
import { identityChainPath } from '../../../shared/protocol/api/identity-chain';
import { revokeDevice } from '../../db/accounts';
import { describeOnDatabases } from '../../testing/on-databases';
import { createAccountOn, getJson, newTestAccount, postJson, signedSessionRequest, signIn, type TestAccount } from '../../testing/sync-client';

const UNAUTHORIZED = { error: { code: 'UNAUTHORIZED', message: 'authentication failed' } };
/** A route behind a session that answers 200 to any signed-in device: its own identity chain. */
const ownChain = (account: TestAccount) => identityChainPath(toBase64url(account.accountId));

describeOnDatabases('device authentication', ({ server, database }) => {
  async function registered(): Promise<TestAccount> {
    const account = newTestAccount();
    expect((await createAccountOn(server(), account)).status).toBe(201);
    return account;
  }

  it('issues a 60 s single-use nonce and a session for a signature by the device key', async () => {
    const account = await registered();
    const before = Date.now();
    const challenge = await postJson(server(), AUTH_CHALLENGE_PATH, { account: toBase64url(account.accountId), device: toBase64url(account.deviceId) });
    expect(challenge.status).toBe(200);
    const { expires } = challengeResponseSchema.parse(challenge.json());
    expect(expires).toBeGreaterThanOrEqual(before + 60_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 60_000);
    const res = await postJson(server(), AUTH_SESSION_PATH, await signedSessionRequest(server(), account));
    expect(res.status).toBe(200);
    const session = sessionResponseSchema.parse(res.json());
    expect(session.expires).toBeGreaterThan(Date.now());
    expect((await getJson(server(), ownChain(account), { token: session.token })).status).toBe(200);
  });

  it('gives every failure the identical 401 body', async () => {
    const account = await registered();
    const other = await registered();
    const failures: Record<string, () => Promise<unknown>> = {
      'unknown account': async () => ({ ...(await signedSessionRequest(server(), { ...account, accountId: randomBytes(32) })) }),
      'unknown device': async () => signedSessionRequest(server(), { ...account, deviceId: randomBytes(16) }),
      'device of another account': async () => signedSessionRequest(server(), { ...account, deviceId: other.deviceId }),
      'bad signature': async () => signedSessionRequest(server(), account, { seed: generateSigningKeyPair().seed }),
      'signed for another origin': async () => signedSessionRequest(server(), account, { origin: 'https://evil.example' }),
      'nonce never issued': async () => ({ ...(await signedSessionRequest(server(), account)), nonce: toBase64url(randomBytes(32)) }),
      'reused nonce': async () => {
        const request = await signedSessionRequest(server(), account);
        expect((await postJson(server(), AUTH_SESSION_PATH, request)).status).toBe(200);
        return request;
      },
      'expired nonce': async () => {
        const request = await signedSessionRequest(server(), account);
        await database().db.updateTable('auth_challenges').set({ expires_at: Date.now() - 1 }).execute();
        return request;
      },
      'revoked device': async () => {
        const revoked = await registered();
        await revokeDevice(database().db, revoked.accountId, revoked.deviceId);
        return signedSessionRequest(server(), revoked);
      },
    };
    for (const [name, build] of Object.entries(failures)) {
      const res = await postJson(server(), AUTH_SESSION_PATH, await build());
      expect({ name, status: res.status, body: res.json() }).toEqual({ name, status: 401, body: UNAUTHORIZED });
    }
  });

  it('refuses a nonce after a failed attempt (consumed either way)', async () => {
    const account = await registered();
    const request = await signedSessionRequest(server(), account);
    const wrong = { ...request, signature: toBase64url(randomBytes(64)) };
    expect((await postJson(server(), AUTH_SESSION_PATH, wrong)).status).toBe(401);
    expect((await postJson(server(), AUTH_SESSION_PATH, request)).status).toBe(401);
  });

  it('requires a bearer token: none, malformed, unknown and expired all get the same 401', async () => {
    const account = await registered();
    const token = await signIn(server(), account);
    const path = ownChain(account);
    const variants: Record<string, string>[] = [{}, { authorization: 'Bearer nope' }, { authorization: `Basic ${token}` }, { authorization: `Bearer ${toBase64url(randomBytes(32))}` }];
    for (const headers of variants) {
      const res = await getJson(server(), path, { headers });
      expect(res.status).toBe(401);
      expect(res.json()).toEqual(UNAUTHORIZED);
    }
    await database().db.updateTable('sessions').set({ expires_at: Date.now() - 1 }).where('device_id', '=', Buffer.from(account.deviceId)).execute();
    const expired = await getJson(server(), path, { token });
    expect([expired.status, expired.json()]).toEqual([401, UNAUTHORIZED]);
  });

  it("stops a revoked device's token at once", async () => {
    const account = await registered();
    const token = await signIn(server(), account);
    const path = ownChain(account);
    expect((await getJson(server(), path, { token })).status).toBe(200);
    await revokeDevice(database().db, account.accountId, account.deviceId);
    const res = await getJson(server(), path, { token });
    expect([res.status, res.json()]).toEqual([401, UNAUTHORIZED]);
  });

  it('refuses malformed auth bodies with 400 and over-limit ones with 413', async () => {
    const bad = [
      '{not json',
      { account: 'x', device: 'y' },
      { account: toBase64url(randomBytes(32)), device: toBase64url(randomBytes(16)), extra: 1 },
      { account: toBase64url(randomBytes(32)) },
    ];
    for (const body of bad) {
      const res = await postJson(server(), AUTH_CHALLENGE_PATH, body);
      expect(res.status).toBe(400);
      expect(errorBodySchema.parse(res.json()).error.code).toBe('BAD_INPUT');
    }
    const big = await postJson(server(), AUTH_SESSION_PATH, { account: 'A'.repeat(4096) });
    expect(big.status).toBe(413);
    expect(errorBodySchema.parse(big.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
