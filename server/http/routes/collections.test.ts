/**
 * Collection logs on a real server, SQLite and PostgreSQL: seqs are contiguous and heads chained
 * (recomputed here with node:crypto), a resent batch is idempotent, a different batch for a taken
 * counter is an equivocation (409), changes come in pages, bad input is 400 and big input 413,
 * concurrent appends from two devices get distinct contiguous seqs, and only members of the
 * collection chain read its log (a collection without a chain takes no batch).
 */
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { fromBase64url, toBase64url } from '../../../shared/crypto/base64url';
import { generateSigningKeyPair } from '../../../shared/crypto/ed25519';
import { randomBytes } from '../../../shared/crypto/random';
import {
  appendBatchResponseSchema,
  BATCH_MAX_BYTES,
  batchesPath,
  changesPath,
  changesResponseSchema,
  type Change,
} from '../../../shared/protocol/api/collections';
import { errorBodySchema } from '../../../shared/protocol/api/error-body';
import type { RunningServer } from '../../start-server';
import { createCollectionOn, enroll, type Person } from '../../testing/collection-client';
import { describeOnDatabases } from '../../testing/on-databases';
import { getJson, postJson, signIn, type TestAccount } from '../../testing/sync-client';

const sha256 = (...parts: Uint8Array[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
};

/** head_n = SHA-256(head_{n-1} ‖ SHA-256(batch)), head_0 = 32 zero bytes. */
function expectedHeads(batches: readonly Uint8Array[]): string[] {
  let head = new Uint8Array(32);
  return batches.map((batch) => toBase64url((head = sha256(head, sha256(batch)))));
}

interface Client {
  readonly account: TestAccount;
  readonly token: string;
}

const newClient = (server: RunningServer): Promise<Person> => enroll(server);

function append(server: RunningServer, client: Client, collection: string, counter: number, batch: Uint8Array, device = client.account.deviceId) {
  return postJson(server, batchesPath(collection), { batch: toBase64url(batch), device: toBase64url(device), counter }, { token: client.token });
}

async function allChanges(server: RunningServer, client: Client, collection: string, limit: number): Promise<{ changes: Change[]; pages: number }> {
  const changes: Change[] = [];
  let since = 0;
  for (let pages = 1; ; pages++) {
    const res = await getJson(server, `${changesPath(collection)}?since=${since}&limit=${limit}`, { token: client.token });
    expect(res.status).toBe(200);
    const page = changesResponseSchema.parse(res.json());
    changes.push(...page.changes);
    if (page.next === undefined) return { changes, pages };
    since = page.next;
  }
}

const newCollection = () => toBase64url(randomBytes(16));

describeOnDatabases('collection logs', ({ server, database }) => {
  it('assigns contiguous seqs from 1 and chains heads over the exact batch bytes', async () => {
    const client = await newClient(server());
    const collection = await createCollectionOn(server(), client);
    const batches = [randomBytes(100), randomBytes(1), randomBytes(5000)];
    const answers = [];
    for (const [index, batch] of batches.entries()) {
      const res = await append(server(), client, collection, index + 1, batch);
      expect(res.status).toBe(200);
      answers.push(appendBatchResponseSchema.parse(res.json()));
    }
    const heads = expectedHeads(batches);
    expect(answers).toEqual(heads.map((head, index) => ({ seq: index + 1, head })));
    const { changes } = await allChanges(server(), client, collection, 100);
    expect(changes).toEqual(batches.map((batch, index) => ({ seq: index + 1, head: heads[index], batch: toBase64url(batch) })));
  });

  it('answers the same batch again with its original seq and head, stored once', async () => {
    const client = await newClient(server());
    const collection = await createCollectionOn(server(), client);
    const batch = randomBytes(64);
    const first = (await append(server(), client, collection, 1, batch)).json();
    await append(server(), client, collection, 2, randomBytes(64));
    const again = await append(server(), client, collection, 1, batch);
    expect(again.status).toBe(200);
    expect(again.json()).toEqual(first);
    expect((await allChanges(server(), client, collection, 100)).changes.map((change) => change.seq)).toEqual([1, 2]);
  });

  it('refuses a different batch for a taken counter with 409 CONFLICT (equivocation)', async () => {
    const client = await newClient(server());
    const collection = await createCollectionOn(server(), client);
    await append(server(), client, collection, 1, randomBytes(64));
    const res = await append(server(), client, collection, 1, randomBytes(64));
    expect(res.status).toBe(409);
    expect(errorBodySchema.parse(res.json()).error.code).toBe('CONFLICT');
    expect((await allChanges(server(), client, collection, 100)).changes).toHaveLength(1);
  });

  it('serves changes in pages with next until the end', async () => {
    const client = await newClient(server());
    const collection = await createCollectionOn(server(), client);
    const batches = Array.from({ length: 5 }, () => randomBytes(16));
    for (const [index, batch] of batches.entries()) await append(server(), client, collection, index + 1, batch);
    const first = changesResponseSchema.parse((await getJson(server(), `${changesPath(collection)}?limit=2`, { token: client.token })).json());
    expect(first.changes.map((change) => change.seq)).toEqual([1, 2]);
    expect(first.next).toBe(2);
    const { changes, pages } = await allChanges(server(), client, collection, 2);
    expect(pages).toBe(3);
    expect(changes.map((change) => fromBase64url(change.batch))).toEqual(batches);
    const tail = changesResponseSchema.parse((await getJson(server(), `${changesPath(collection)}?since=5`, { token: client.token })).json());
    expect(tail).toEqual({ changes: [] });
  });

  it("keeps one account out of another's collection and a device to its own batches", async () => {
    const owner = await newClient(server());
    const stranger = await newClient(server());
    const collection = await createCollectionOn(server(), owner);
    await append(server(), owner, collection, 1, randomBytes(8));
    const unknown = await getJson(server(), changesPath(newCollection()), { token: stranger.token });
    const read = await getJson(server(), changesPath(collection), { token: stranger.token });
    expect([read.status, read.json()]).toEqual([404, unknown.json()]);
    expect(errorBodySchema.parse(read.json()).error.code).toBe('NOT_FOUND');
    const write = await append(server(), stranger, collection, 1, randomBytes(8));
    expect([write.status, write.json()]).toEqual([404, unknown.json()]);
    const impersonate = await append(server(), owner, collection, 2, randomBytes(8), stranger.account.deviceId);
    expect(impersonate.status).toBe(403);
  });

  it('refuses a batch for a collection without a chain, as an unknown collection', async () => {
    const client = await newClient(server());
    const collection = newCollection();
    const res = await append(server(), client, collection, 1, randomBytes(8));
    expect([res.status, errorBodySchema.parse(res.json()).error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await getJson(server(), changesPath(collection), { token: client.token })).status).toBe(404);
  });

  it('requires a session token to append', async () => {
    const res = await postJson(server(), batchesPath(newCollection()), { batch: 'AAAA', device: toBase64url(randomBytes(16)), counter: 1 });
    expect([res.status, res.json()]).toEqual([401, { error: { code: 'UNAUTHORIZED', message: 'authentication failed' } }]);
  });

  it('refuses malformed bodies, ids and queries with 400 and the generic body', async () => {
    const client = await newClient(server());
    const device = toBase64url(client.account.deviceId);
    const collection = newCollection();
    const bodies: unknown[] = [
      '{"batch":',
      {},
      { batch: 'AAAA', device, counter: 0 },
      { batch: 'AAAA', device, counter: 1.5 },
      { batch: 'AA==', device, counter: 1 },
      { batch: 'AAAA', device, counter: 1, extra: true },
      { batch: 'AAAA', device: 'short', counter: 1 },
    ];
    for (const body of bodies) {
      const res = await postJson(server(), batchesPath(collection), body, { token: client.token });
      expect({ body, status: res.status, reply: res.json() }).toEqual({ body, status: 400, reply: { error: { code: 'BAD_INPUT', message: 'malformed request' } } });
    }
    const badId = await append(server(), client, 'not-an-id', 1, randomBytes(8));
    expect(badId.status).toBe(400);
    for (const query of ['since=-1', 'limit=0', 'limit=501', 'since=01', 'since=x', 'other=1']) {
      const res = await getJson(server(), `${changesPath(collection)}?${query}`, { token: client.token });
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
  });

  it('accepts a batch of exactly the limit and refuses one byte more, or a bigger body, with 413', async () => {
    const client = await newClient(server());
    const collection = await createCollectionOn(server(), client);
    expect((await append(server(), client, collection, 1, new Uint8Array(BATCH_MAX_BYTES).fill(1))).status).toBe(200);
    for (const size of [BATCH_MAX_BYTES + 1, BATCH_MAX_BYTES + 4096]) {
      const res = await append(server(), client, collection, 2, new Uint8Array(size).fill(2));
      expect({ size, status: res.status, code: errorBodySchema.parse(res.json()).error.code }).toEqual({ size, status: 413, code: 'PAYLOAD_TOO_LARGE' });
    }
  });

  it('gives concurrent appends from two devices distinct contiguous seqs on one chain of heads', async () => {
    const first = await newClient(server());
    const collection = await createCollectionOn(server(), first);
    const secondDevice = { ...first.account, deviceId: randomBytes(16), signing: generateSigningKeyPair() };
    await database()
      .db.insertInto('devices')
      .values({
        account_id: Buffer.from(first.account.accountId),
        device_id: Buffer.from(secondDevice.deviceId),
        signing_key: Buffer.from(secondDevice.signing.publicKey),
        revoked: 0,
      })
      .execute();
    const second: Client = { account: secondDevice, token: await signIn(server(), secondDevice) };
    const runs = 12;
    const answers = await Promise.all(
      [first, second].flatMap((client) =>
        Array.from({ length: runs }, async (_, index) => {
          const res = await append(server(), client, collection, index + 1, randomBytes(32));
          expect(res.status).toBe(200);
          return appendBatchResponseSchema.parse(res.json()).seq;
        }),
      ),
    );
    expect([...answers].sort((a, b) => a - b)).toEqual(Array.from({ length: 2 * runs }, (_, index) => index + 1));
    const { changes } = await allChanges(server(), first, collection, 7);
    expect(changes.map((change) => change.head)).toEqual(expectedHeads(changes.map((change) => fromBase64url(change.batch))));
  });
});
