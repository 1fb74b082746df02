/**
 * Recovery's session-less endpoints on a real server, SQLite and PostgreSQL: the identity chain is
 * served to a kit holder without a session; an entry signed by the current recovery key is appended
 * (compare-and-swap, the clients' rules) and enrolls the new device, which can then sign in; an entry
 * by anyone else, a stale head, garbage, an unknown account and a frozen one are refused; fuzzed
 * inputs never give a 5xx.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { TestIdentity } from '../../../shared/chains/test-fixtures';
import { fromBase64url, toBase64url } from '../../../shared/crypto/base64url';
import { randomBytes } from '../../../shared/crypto/random';
import { errorBodySchema } from '../../../shared/protocol/api/error-body';
import { identityChainPath } from '../../../shared/protocol/api/identity-chain';
import { recoveryChainPath, recoveryChainResponseSchema } from '../../../shared/protocol/api/recovery';
import { planRecovery } from '../../../shared/recovery/plan';
import { setKit } from '../../../shared/recovery/test-fixtures';
import { enroll } from '../../testing/collection-client';
import type { HttpsResponse } from '../../testing/https-request';
import { describeOnDatabases } from '../../testing/on-databases';
import { getJson, postJson, signIn } from '../../testing/sync-client';

const errorOf = (res: HttpsResponse) => [res.status, errorBodySchema.parse(res.json()).error.code];

describeOnDatabases('recovery endpoints', (suite) => {
  const server = () => suite.server();

  /** A person enrolled on the server with a recovery kit set through their session. */
  async function personWithKit() {
    const identity = new TestIdentity();
    const person = await enroll(server(), identity);
    const prev = identity.state.head;
    const kit = await setKit(identity);
    const entry = identity.entries[identity.entries.length - 1] ?? new Uint8Array();
    const res = await postJson(server(), identityChainPath(toBase64url(identity.id)), { entry: toBase64url(entry), prev: toBase64url(prev) }, { token: person.token });
    expect(res.status).toBe(200);
    return { identity, person, kit };
  }

  it('serves the chain without a session and appends the recovery-signed add-device, after which the new device signs in', async () => {
    const { identity, kit } = await personWithKit();
    const path = recoveryChainPath(toBase64url(identity.id));
    const read = await getJson(server(), path);
    expect(read.status).toBe(200);
    const served = recoveryChainResponseSchema.parse(read.json());
    expect(served.entries.map(fromBase64url)).toEqual(identity.entries);
    const plan = await planRecovery({ entries: identity.entries, kit });
    const [added, revoke] = plan.entries;
    if (added === undefined || revoke === undefined) throw new Error('short plan');
    expect(errorOf(await postJson(server(), path, { entry: toBase64url(revoke.bytes), prev: toBase64url(added.hash) }))).toEqual([403, 'FORBIDDEN_SENDER']);
    const appended = await postJson(server(), path, { entry: toBase64url(added.bytes), prev: toBase64url(identity.state.head) });
    expect([appended.status, appended.json()]).toEqual([200, { seq: identity.entries.length, head: toBase64url(added.hash) }]);
    expect(errorOf(await postJson(server(), path, { entry: toBase64url(added.bytes), prev: toBase64url(identity.state.head) }))).toEqual([409, 'CONFLICT']);
    const account = { accountId: identity.id, deviceId: plan.device.deviceId, signing: { seed: plan.device.seed, publicKey: plan.device.signingKey }, genesis: identity.entries[0] ?? new Uint8Array() };
    const token = await signIn(server(), account);
    const rest = await postJson(server(), identityChainPath(toBase64url(identity.id)), { entry: toBase64url(revoke.bytes), prev: toBase64url(added.hash) }, { token });
    expect(rest.status).toBe(200);
  });

  it('refuses garbage, a malformed body, an unknown account and a frozen one', async () => {
    const { identity, kit } = await personWithKit();
    const path = recoveryChainPath(toBase64url(identity.id));
    const plan = await planRecovery({ entries: identity.entries, kit });
    const added = plan.entries[0] ?? expect.fail('empty plan');
    const body = { entry: toBase64url(added.bytes), prev: toBase64url(identity.state.head) };
    expect(errorOf(await postJson(server(), path, { entry: toBase64url(randomBytes(300)), prev: body.prev }))).toEqual([400, 'BAD_CHAIN']);
    expect(errorOf(await postJson(server(), path, { ...body, extra: 1 }))).toEqual([400, 'BAD_INPUT']);
    const unknown = recoveryChainPath(toBase64url(randomBytes(32)));
    expect(errorOf(await getJson(server(), unknown))).toEqual([404, 'NOT_FOUND']);
    expect(errorOf(await postJson(server(), unknown, body))).toEqual([404, 'NOT_FOUND']);
    await suite.database().db.updateTable('accounts').set({ frozen_at: Date.now() }).where('id', '=', Buffer.from(identity.id)).execute();
    expect(errorOf(await getJson(server(), path))).toEqual([403, 'FROZEN']);
    expect(errorOf(await postJson(server(), path, body))).toEqual([403, 'FROZEN']);
  });

  it('never answers fuzzed ids and bodies with a 5xx', async () => {
    const { identity } = await personWithKit();
    const field = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.base64String(), fc.constant('A'.repeat(43)));
    const body = fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v)), fc.record({ entry: field, prev: field }, { requiredKeys: [] }).map((v) => JSON.stringify(v)));
    const id = fc.oneof(fc.constant(toBase64url(identity.id)), fc.string({ maxLength: 50 }).map(encodeURIComponent));
    await fc.assert(
      fc.asyncProperty(id, body, async (account, text) => {
        for (const res of [await getJson(server(), recoveryChainPath(account)), await postJson(server(), recoveryChainPath(account), text)]) {
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) expect(errorBodySchema.safeParse(res.json()).success).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });
});
