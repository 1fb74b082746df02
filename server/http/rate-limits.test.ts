/**
 * Rate limits held in the database, on SQLite and PostgreSQL: per client address over the
 * unauthenticated endpoints and per device behind a session, 429 `RATE_LIMITED` with the generic
 * body once a window's count is spent.
 */
import { expect, it } from 'vitest';
import { toBase64url } from '../../shared/crypto/base64url';
import { randomBytes } from '../../shared/crypto/random';
import { AUTH_CHALLENGE_PATH } from '../../shared/protocol/api/auth';
import { identityChainPath } from '../../shared/protocol/api/identity-chain';
import { describeOnDatabases } from '../testing/on-databases';
import { getJson, newTestAccount, postJson, signIn, createAccountOn } from '../testing/sync-client';

/** Long windows, so no window boundary falls inside a test run. */
const DAY_MS = 86_400_000;
const RATE_LIMITED = { error: { code: 'RATE_LIMITED', message: 'too many requests, retry later' } };

describeOnDatabases(
  'rate limits',
  ({ server }) => {
    it('limits each device behind a session, and unauthenticated requests per address', async () => {
      const account = newTestAccount();
      expect((await createAccountOn(server(), account)).status).toBe(201);
      const token = await signIn(server(), account);
      const path = identityChainPath(toBase64url(account.accountId));
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await getJson(server(), path, { token })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await getJson(server(), path, { token });
      expect([limited.status, limited.json()]).toEqual([429, RATE_LIMITED]);
      const other = newTestAccount();
      expect((await createAccountOn(server(), other)).status).toBe(201);
      const otherToken = await signIn(server(), other);
      expect((await getJson(server(), path, { token: otherToken })).status).toBe(200);
      const ids = { account: toBase64url(randomBytes(32)), device: toBase64url(randomBytes(16)) };
      for (let i = 0; i < 6; i++) await postJson(server(), AUTH_CHALLENGE_PATH, ids);
      const refused = await postJson(server(), AUTH_CHALLENGE_PATH, ids);
      expect([refused.status, refused.json()]).toEqual([429, RATE_LIMITED]);
    });
  },
  { rateLimits: { auth: { max: 10, windowMs: DAY_MS }, device: { max: 3, windowMs: DAY_MS } } },
);
