/**
 * Fuzz of HTTP inputs (fast-check): random JSON values, raw text and near-valid bodies sent to every
 * sync endpoint never produce a 5xx, and every refusal is the generic error body with a machine code.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { toBase64url } from '../../shared/crypto/base64url';
import { randomBytes } from '../../shared/crypto/random';
import { ACCOUNTS_PATH } from '../../shared/protocol/api/accounts';
import { AUTH_CHALLENGE_PATH, AUTH_SESSION_PATH } from '../../shared/protocol/api/auth';
import { batchesPath, changesPath } from '../../shared/protocol/api/collections';
import { errorBodySchema } from '../../shared/protocol/api/error-body';
import { identityChainPath } from '../../shared/protocol/api/identity-chain';
import type { HttpsResponse } from '../testing/https-request';
import { describeOnDatabases } from '../testing/on-databases';
import { createAccountOn, getJson, newTestAccount, postJson, signIn } from '../testing/sync-client';

const UNLIMITED = { max: 1_000_000, windowMs: 60_000 };

function expectHandled(res: HttpsResponse): void {
  expect(res.status).toBeLessThan(500);
  if (res.status >= 400) expect(errorBodySchema.safeParse(res.json()).success).toBe(true);
}

/** Bodies shaped like the contracts, with fields drawn from hostile values. */
const field = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.base64String(), fc.constant('A'.repeat(43)), fc.double(), fc.array(fc.nat()));
const nearValid = fc.record(
  { genesis: field, entry: field, prev: field, account: field, device: field, nonce: field, signature: field, batch: field, counter: field, __proto__: field },
  { requiredKeys: [] },
);
const body = fc.oneof(fc.jsonValue().map((value) => JSON.stringify(value)), fc.string(), nearValid.map((value) => JSON.stringify(value)));

describeOnDatabases(
  'fuzzed HTTP inputs',
  ({ server }) => {
    it('never crash an endpoint: every answer is a success or the generic error body', async () => {
      const account = newTestAccount();
      expect((await createAccountOn(server(), account)).status).toBe(201);
      const token = await signIn(server(), account);
      const collection = toBase64url(randomBytes(16));
      const posts = [ACCOUNTS_PATH, AUTH_CHALLENGE_PATH, AUTH_SESSION_PATH, batchesPath(collection), identityChainPath(toBase64url(account.accountId))];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...posts), body, async (path, text) => {
          expectHandled(await postJson(server(), path, text, { token }));
        }),
        { numRuns: 150 },
      );
      await fc.assert(
        fc.asyncProperty(fc.string(), fc.string(), async (key, value) => {
          const query = `${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
          expectHandled(await getJson(server(), `${changesPath(collection)}?${query}`, { token }));
          expectHandled(await getJson(server(), `/v1/collections/${encodeURIComponent(value)}/changes`, { token }));
        }),
        { numRuns: 50 },
      );
    });
  },
  { rateLimits: { auth: UNLIMITED, device: UNLIMITED } },
);
