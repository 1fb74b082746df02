/**
 * Fuzz of HTTP and WebSocket inputs (fast-check): random JSON values, raw text and near-valid bodies
 * sent to every sync endpoint, random query strings and path ids, bit-flipped chain entries and
 * heartbeats, and random first messages on the hint socket never produce a 5xx or a crash, and
 * every refusal is the generic error body with a machine code.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { TestIdentity } from '../../shared/chains/test-fixtures';
import { Team } from '../../shared/chains/team-fixtures';
import { GENESIS_PREV } from '../../shared/chains/entry';
import { toBase64url } from '../../shared/crypto/base64url';
import { randomBytes } from '../../shared/crypto/random';
import { ACCOUNTS_PATH } from '../../shared/protocol/api/accounts';
import { AUTH_CHALLENGE_PATH, AUTH_SESSION_PATH } from '../../shared/protocol/api/auth';
import { collectionChainPath } from '../../shared/protocol/api/collection-chain';
import { batchesPath, changesPath } from '../../shared/protocol/api/collections';
import { errorBodySchema } from '../../shared/protocol/api/error-body';
import { HEALTH_PATH } from '../../shared/protocol/api/health';
import { accountHeartbeatsPath, HEARTBEATS_PATH } from '../../shared/protocol/api/heartbeats';
import { identityChainPath } from '../../shared/protocol/api/identity-chain';
import { signHeartbeat } from '../../shared/sync/heartbeat';
import type { RunningServer } from '../start-server';
import { enroll, postChainEntry } from '../testing/collection-client';
import { openHintSocket } from '../testing/hint-socket';
import { httpsRequest, type HttpsResponse } from '../testing/https-request';
import { describeOnDatabases } from '../testing/on-databases';
import { getJson, postJson } from '../testing/sync-client';

const UNLIMITED = { max: 1_000_000, windowMs: 60_000 };

function expectHandled(res: HttpsResponse): void {
  expect(res.status).toBeLessThan(500);
  if (res.status >= 400) expect(errorBodySchema.safeParse(res.json()).success).toBe(true);
}

function put(server: RunningServer, path: string, text: string, token: string): Promise<HttpsResponse> {
  return httpsRequest({ url: server.url + path, ca: server.certPem, method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: text });
}

/** Bodies shaped like the contracts, with fields drawn from hostile values. */
const field = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.base64String(), fc.constant('A'.repeat(43)), fc.double(), fc.array(fc.nat()));
const nearValid = fc.record(
  { genesis: field, entry: field, prev: field, account: field, device: field, nonce: field, signature: field, batch: field, counter: field, heartbeat: field, token: field, __proto__: field },
  { requiredKeys: [] },
);
const body = fc.oneof(fc.jsonValue().map((value) => JSON.stringify(value)), fc.string(), nearValid.map((value) => JSON.stringify(value)));

/** `bytes` with 1–4 random positions changed. */
const mutated = (bytes: Uint8Array) =>
  fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }).map((flips) => {
    const copy = bytes.slice();
    for (const [index, xor] of flips) copy[index] = (copy[index] ?? 0) ^ xor;
    return copy;
  });

describeOnDatabases(
  'fuzzed HTTP and WebSocket inputs',
  ({ server }) => {
    it('never crash an endpoint: every answer is a success or the generic error body', async () => {
      const team = new Team();
      const person = await enroll(server(), team.alice);
      const token = person.token;
      const owned = team.state.collectionId;
      expect((await postChainEntry(server(), token, owned, team.entries[0] as Uint8Array, GENESIS_PREV)).status).toBe(200);
      const collections = [toBase64url(owned), toBase64url(randomBytes(16))];
      const posts = [
        ACCOUNTS_PATH,
        AUTH_CHALLENGE_PATH,
        AUTH_SESSION_PATH,
        identityChainPath(toBase64url(person.identity.id)),
        ...collections.flatMap((collection) => [batchesPath(collection), collectionChainPath(collection)]),
      ];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...posts), body, async (path, text) => {
          expectHandled(await postJson(server(), path, text, { token }));
        }),
        { numRuns: 150 },
      );
      await fc.assert(
        fc.asyncProperty(body, async (text) => expectHandled(await put(server(), HEARTBEATS_PATH, text, token))),
        { numRuns: 40 },
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...collections), fc.string(), fc.string(), async (collection, key, value) => {
          const query = `${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
          expectHandled(await getJson(server(), `${changesPath(collection)}?${query}`, { token }));
          expectHandled(await getJson(server(), `${collectionChainPath(collection)}?${query}`, { token }));
          expectHandled(await getJson(server(), `/v1/collections/${encodeURIComponent(value)}/chain`, { token }));
          expectHandled(await getJson(server(), `/v1/accounts/${encodeURIComponent(value)}/heartbeats`, { token }));
        }),
        { numRuns: 40 },
      );
      expectHandled(await getJson(server(), accountHeartbeatsPath(toBase64url(randomBytes(32))), { token }));
    });

    it('refuse bit-flipped chain entries and heartbeats without a 5xx, and keep the chain intact', async () => {
      const team = new Team();
      const person = await enroll(server(), team.alice);
      const collection = team.state.collectionId;
      expect((await postChainEntry(server(), person.token, collection, team.entries[0] as Uint8Array, GENESIS_PREV)).status).toBe(200);
      const signer = team.alice.collectionSigner(team.alice.first);
      const entry = team.forged(signer, { op: 'policy', args: { tier: 'sensitive', deviceApproval: false } });
      const identity: TestIdentity = team.alice;
      const heartbeat = signHeartbeat(
        { identity: identity.id, device: identity.first.deviceId, signer: identity.first.signing.publicKey, time: 5, chain: { seq: 0, head: identity.state.head }, logs: [] },
        identity.first.signing.seed,
      );
      await fc.assert(
        fc.asyncProperty(mutated(entry), mutated(heartbeat), async (badEntry, badHeartbeat) => {
          const res = await postChainEntry(server(), person.token, collection, badEntry, team.state.head);
          expectHandled(res);
          expect(res.status).not.toBe(200);
          const stored = await put(server(), HEARTBEATS_PATH, JSON.stringify({ heartbeat: toBase64url(badHeartbeat) }), person.token);
          expectHandled(stored);
        }),
        { numRuns: 60 },
      );
      expect((await postChainEntry(server(), person.token, collection, entry, team.state.head)).status).toBe(200);
    });

    it('close the hint socket on any random first message, and keep serving', async () => {
      const frame = fc.oneof(fc.string(), fc.jsonValue().map((value) => JSON.stringify(value)), nearValid.map((value) => JSON.stringify(value)), fc.uint8Array({ maxLength: 64 }));
      await fc.assert(
        fc.asyncProperty(frame, async (first) => {
          const socket = await openHintSocket(server());
          socket.send(first);
          expect([1008, 1009]).toContain(await socket.closed);
        }),
        { numRuns: 30 },
      );
      expect((await getJson(server(), HEALTH_PATH)).status).toBe(200);
    });
  },
  { rateLimits: { auth: UNLIMITED, device: UNLIMITED } },
);
