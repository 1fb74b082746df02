/**
 * Conformance of two server processes on one PostgreSQL (DESIGN.md §6 Storage: several stateless
 * processes). First two servers in this test process, each with its own pool and its own LISTEN
 * connection: concurrent appends through both get unique contiguous seqs on one chain of heads,
 * racing chain appends on one head let exactly one through, and a hint for an append on one
 * process reaches a WebSocket on the other. Then the same over two real OS processes started as an
 * operator does (`node --import tsx server/main.ts`). Skipped (and counted so) without
 * TEST_DATABASE_URL.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_PREV } from '../../shared/chains/entry';
import { addOp, Team } from '../../shared/chains/team-fixtures';
import { fromBase64url, toBase64url } from '../../shared/crypto/base64url';
import { randomBytes } from '../../shared/crypto/random';
import { appendBatchResponseSchema, batchesPath, changesPath, changesResponseSchema } from '../../shared/protocol/api/collections';
import { hintSchema } from '../../shared/protocol/api/hints';
import { startServer, type RunningServer } from '../start-server';
import { enroll, postChainEntry, type Person } from '../testing/collection-client';
import { isHint, openHintSocket, untilHinted } from '../testing/hint-socket';
import { usePostgresSchema } from '../testing/postgres-schema';
import { spawnServer, type SpawnedServer } from '../testing/spawned-server';
import { getJson, postJson, signIn, type ServerAddress } from '../testing/sync-client';
import { useTempDirs } from '../testing/temp-dir';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? '';
const tempDir = useTempDirs('vault-two-');

const sha256 = (...parts: Uint8Array[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
};

describe.skipIf(TEST_DATABASE_URL === '')('two server processes on one PostgreSQL (skipped unless TEST_DATABASE_URL is set)', () => {
  const url = TEST_DATABASE_URL === '' ? () => '' : usePostgresSchema(TEST_DATABASE_URL);
  const servers: RunningServer[] = [];
  const one = () => servers[0] as RunningServer;
  const two = () => servers[1] as RunningServer;
  let team: Team;
  let alice: Person;
  let bob: Person;
  let collection: string;

  beforeAll(async () => {
    const start = () => startServer({ dataDir: tempDir(), port: 0, logLevel: 'silent', database: { kind: 'postgres', url: url() } });
    servers.push(await start(), await start());
    team = new Team();
    alice = await enroll(one(), team.alice);
    const bobOnOne = await enroll(one(), team.bob);
    bob = { ...bobOnOne, token: await signIn(two(), bobOnOne.account) };
    expect((await postChainEntry(one(), alice.token, team.state.collectionId, team.entries[0] as Uint8Array, GENESIS_PREV)).status).toBe(200);
    const prev = team.state.head;
    team.append(team.alice, addOp(team.bob, 'editor'));
    expect((await postChainEntry(one(), alice.token, team.state.collectionId, team.entries[1] as Uint8Array, prev)).status).toBe(200);
    collection = toBase64url(team.state.collectionId);
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  const counters = new Map<Person, number>();
  async function append(server: ServerAddress, person: Person) {
    const counter = (counters.get(person) ?? 0) + 1;
    counters.set(person, counter);
    const batch = randomBytes(32);
    const body = { batch: toBase64url(batch), device: toBase64url(person.account.deviceId), counter };
    const res = await postJson(server, batchesPath(collection), body, { token: person.token });
    expect(res.status).toBe(200);
    return { ...appendBatchResponseSchema.parse(res.json()), batch: toBase64url(batch) };
  }

  it('gives concurrent appends through both processes unique contiguous seqs on one chain of heads', async () => {
    const runs = 20;
    const answers = await Promise.all(Array.from({ length: 2 * runs }, (_, i) => (i % 2 === 0 ? append(one(), alice) : append(two(), bob))));
    const seqs = answers.map((answer) => answer.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 2 * runs }, (_, i) => i + 1));
    for (const [server, person] of [[one(), alice], [two(), bob]] as const) {
      const page = changesResponseSchema.parse((await getJson(server, `${changesPath(collection)}?limit=500`, { token: person.token })).json());
      let head = new Uint8Array(32);
      for (const change of page.changes) {
        head = sha256(head, sha256(fromBase64url(change.batch)));
        expect(change.head).toBe(toBase64url(head));
      }
      expect(page.changes).toEqual([...answers].sort((a, b) => a.seq - b.seq));
    }
  });

  it('lets exactly one of two chain appends on the same head through, whichever process takes it', async () => {
    const head = team.state.head;
    const signer = team.alice.collectionSigner(team.alice.first);
    const entries = [team.forged(signer, { op: 'policy', args: { tier: 'sensitive', deviceApproval: false } }), team.forged(signer, { op: 'policy', args: { tier: 'high-risk', deviceApproval: true } })];
    const aliceOnTwo = await signIn(two(), alice.account);
    const answers = await Promise.all([
      postChainEntry(one(), alice.token, team.state.collectionId, entries[0] as Uint8Array, head),
      postChainEntry(two(), aliceOnTwo, team.state.collectionId, entries[1] as Uint8Array, head),
    ]);
    expect(answers.map((res) => res.status).sort()).toEqual([200, 409]);
  });

  it('delivers a hint for an append on one process to a WebSocket on the other', async () => {
    const onTwo = await openHintSocket(two(), bob.token);
    const onOne = await openHintSocket(one(), alice.token);
    try {
      await untilHinted(onTwo, collection, async () => (await append(one(), alice)).seq);
      await untilHinted(onOne, collection, async () => (await append(two(), bob)).seq);
      const { seq } = await append(one(), alice);
      expect(hintSchema.parse(await onTwo.waitFor((m) => isHint(m, collection, seq)))).toEqual({ collection, seq });
      expect(hintSchema.parse(await onOne.waitFor((m) => isHint(m, collection, seq)))).toEqual({ collection, seq });
    } finally {
      onTwo.close();
      onOne.close();
    }
  });

  it('does the same across two OS processes started as an operator starts them', async () => {
    const spawned: SpawnedServer[] = [];
    try {
      const starting = [spawnServer(tempDir(), { DATABASE_URL: url() }), spawnServer(tempDir(), { DATABASE_URL: url() })];
      for (const result of await Promise.allSettled(starting)) if (result.status === 'fulfilled') spawned.push(result.value);
      expect(spawned).toHaveLength(2);
      const [a, b] = spawned.map((process) => process.server) as [ServerAddress, ServerAddress];
      const aliceOnA = { ...alice, token: await signIn(a, alice.account) };
      const bobOnB = { ...bob, token: await signIn(b, bob.account) };
      counters.set(aliceOnA, counters.get(alice) ?? 0);
      counters.set(bobOnB, counters.get(bob) ?? 0);
      const socket = await openHintSocket(b, bobOnB.token);
      try {
        await untilHinted(socket, collection, async () => (await append(a, aliceOnA)).seq);
        const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? append(a, aliceOnA) : append(b, bobOnB))));
        const seqs = answers.map((answer) => answer.seq).sort((x, y) => x - y);
        expect(seqs.at(-1)! - seqs[0]!).toBe(9);
        expect(new Set(seqs).size).toBe(10);
        for (const answer of answers.filter((_, i) => i % 2 === 0)) await socket.waitFor((m) => isHint(m, collection, answer.seq));
      } finally {
        socket.close();
      }
    } finally {
      await Promise.all(spawned.map((process) => process.stop()));
    }
  });
});
