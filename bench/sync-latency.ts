/**
 * Time for a change to reach a second device over loopback: one person, devices A and B, each with
 * its own sync engine (shared/sync/engine, `createSyncEngine`) over the HTTPS transport
 * (shared/protocol/client/http-transport.ts, undici's fetch trusting the server's certificate),
 * in-memory state stores and replicas, against a real server process on SQLite. A edits an item
 * (a new password: stamp, apply locally, record into the outbox) and syncs (pull, verify, push);
 * the change has arrived when B's replica holds A's version. B learns of it two ways:
 * - poll: B syncs as soon as A's sync returns (polling's best case: no waiting for the next poll);
 * - hint: B listens on the WebSocket hint channel (`/v1/hints`) and syncs when the hint comes.
 * Baseline in the same run: a bare HTTPS round trip, `GET /v1/health` on a kept-alive connection.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { Agent, fetch as undiciFetch } from 'undici';
import WebSocket from 'ws';
import { createIdentityGenesis, appendIdentityEntry } from '../shared/chains/append';
import { generateSigningKeyPair } from '../shared/crypto/ed25519';
import { randomBytes } from '../shared/crypto/random';
import { generateX25519KeyPair } from '../shared/crypto/x25519';
import { HEALTH_PATH } from '../shared/protocol/api/health';
import { HINTS_PATH } from '../shared/protocol/api/hints';
import { createAccount } from '../shared/protocol/client/create-account';
import type { FetchLike } from '../shared/protocol/client/http-exchange';
import { HttpTransport } from '../shared/protocol/client/http-transport';
import type { SyncEngine } from '../shared/sync/engine/engine-api';
import type { CollectionSyncState } from '../shared/sync/engine/engine-state';
import { createSyncEngine } from '../shared/sync/engine/sync-engine';
import { edit, EMPTY_STATE } from '../shared/sync/item-merge';
import { MemoryReplica } from '../shared/sync/testing/memory-replica';
import { MemoryStateStore } from '../shared/sync/testing/memory-store';
import { base64UrlEncode } from '../shared/vault/base64';
import { median, QUICK, type Benchmark } from './benchmark';
import { BenchClient } from './sync/https-client';
import { startServerProcess, type ServerProcess } from './sync/server-processes';

const ROUNDS = QUICK ? 8 : 25;
const WARM_UP = 3;

/** undici's fetch trusting exactly the server's certificate; counts requests. */
function countingFetch(certPem: string): { fetch: FetchLike; count: () => number; close: () => Promise<void> } {
  const agent = new Agent({ connect: { ca: certPem } });
  let requests = 0;
  const fetch: FetchLike = (url, init) => {
    requests += 1;
    return undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent }) as unknown as Promise<Response>;
  };
  return { fetch, count: () => requests, close: () => agent.close() };
}

interface Device {
  readonly engine: SyncEngine;
  readonly replica: MemoryReplica;
  readonly transport: HttpTransport;
  readonly requests: () => number;
}

interface Person {
  readonly a: Device;
  readonly b: Device;
  readonly collection: string;
  close(): Promise<void>;
}

/** Account by A (genesis), add-device B, two engines, A's personal collection pinned by both. */
async function setUpPerson(server: ServerProcess): Promise<Person> {
  const key = randomBytes(32);
  const collectionId = randomBytes(16);
  const collection = bytesToHex(collectionId);
  const devices = [0, 1].map(() => ({ deviceId: randomBytes(16), signing: generateSigningKeyPair(), x25519: generateX25519KeyPair() }));
  const [first, second] = devices as [(typeof devices)[0], (typeof devices)[0]];
  const genesis = createIdentityGenesis({ deviceId: first.deviceId, seed: first.signing.seed, x25519Key: first.x25519.publicKey }, generateX25519KeyPair().publicKey);
  const identity = genesis.hash;
  const fetches = devices.map(() => countingFetch(server.certPem));
  await createAccount({ server: server.url, fetch: fetches[0]!.fetch }, genesis.bytes);
  const make = (d: (typeof devices)[0], i: number): Device => {
    const transport = new HttpTransport({ server: server.url, fetch: fetches[i]!.fetch, device: { identity, device: d.deviceId, seed: d.signing.seed } });
    const replica = new MemoryReplica();
    const keys = {
      identity,
      device: d.deviceId,
      seed: d.signing.seed,
      publicKey: d.signing.publicKey,
      epochKey: (c: string, epoch: number) => (c === collection && epoch === 0 ? key : null),
      currentEpoch: (c: string) => (c === collection ? 0 : null),
    };
    const engine = createSyncEngine({ transport, store: new MemoryStateStore<CollectionSyncState>(), replica, keys, env: { now: Date.now, random: Math.random } });
    return { engine, replica, transport, requests: fetches[i]!.count };
  };
  const a = make(first, 0);
  const b = make(second, 1);
  const args = { deviceId: second.deviceId, signingKey: second.signing.publicKey, x25519Key: second.x25519.publicKey, userKeySeal: randomBytes(80) };
  const added = appendIdentityEntry(genesis.state, genesis.hash, { by: 'device', id: first.deviceId, seed: first.signing.seed }, { op: 'add-device', args });
  await a.transport.appendIdentityEntry(identity, added.bytes, genesis.hash);
  await a.engine.createPersonalCollection(key, collectionId);
  await expectOk(a.engine.sync(collection));
  await expectOk(b.engine.sync(collection));
  return { a, b, collection, close: async () => void (await Promise.all(fetches.map((f) => f.close()))) };
}

async function expectOk(report: Promise<{ status: string; state?: string }>): Promise<void> {
  const { status, state } = await report;
  if (status !== 'ok') throw new Error(`sync ended ${status}${state === undefined ? '' : ` (${state})`}`);
}

const ITEM = base64UrlEncode(randomBytes(16));

const newPassword = () => `password-${bytesToHex(randomBytes(8))}`;

/** A edits the item (a new password) and syncs, which pushes the change. */
async function editOnA(person: Person, password: string): Promise<void> {
  const { a, collection } = person;
  const stamp = await a.engine.stamp(collection);
  const delta = edit(EMPTY_STATE, { password }, stamp);
  a.replica.applyLocal(collection, ITEM, delta);
  await a.engine.recordChanges(collection, [{ itemId: ITEM, delta }]);
  const report = await a.engine.sync(collection);
  if (report.status !== 'ok' || report.pushed !== 1) throw new Error(`A's sync: ${report.status}, pushed ${report.pushed}`);
}

const arrived = (person: Person, password: string) => person.b.replica.view(person.collection, ITEM)?.values.password === password;

interface Timings {
  total: number[];
  push: number[];
  after: number[];
}

const emptyTimings = (): Timings => ({ total: [], push: [], after: [] });

/** Poll: B syncs right after A's sync returns. */
async function pollRound(person: Person, into: Timings): Promise<void> {
  const password = newPassword();
  const started = performance.now();
  await editOnA(person, password);
  const pushed = performance.now();
  await expectOk(person.b.engine.sync(person.collection));
  const done = performance.now();
  if (!arrived(person, password)) throw new Error('poll: the change did not reach B');
  into.total.push(done - started);
  into.push.push(pushed - started);
  into.after.push(done - pushed);
}

/** B's hint socket: on every hint B syncs; `waitFor` resolves once a password has arrived on B. */
async function hintListener(server: ServerProcess, person: Person) {
  const socket = new WebSocket(server.url.replace(/^https/, 'wss') + HINTS_PATH, { ca: server.certPem });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ token: await person.b.transport.hintToken() }));
  let waiting: { password: string; firstHint: number; resolve: (firstHint: number) => void } | undefined;
  let syncing = Promise.resolve();
  socket.on('message', () => {
    if (waiting !== undefined && waiting.firstHint === 0) waiting.firstHint = performance.now();
    syncing = syncing.then(async () => {
      await expectOk(person.b.engine.sync(person.collection));
      if (waiting !== undefined && arrived(person, waiting.password)) {
        waiting.resolve(waiting.firstHint);
        waiting = undefined;
      }
    });
  });
  return {
    /** Resolves, with the time the first hint came, once `password` has arrived on B. */
    waitFor: (password: string) => new Promise<number>((resolve) => (waiting = { password, firstHint: 0, resolve })),
    close: () => socket.close(),
  };
}

async function hintRound(listener: Awaited<ReturnType<typeof hintListener>>, person: Person, into: Timings): Promise<void> {
  const password = newPassword();
  const started = performance.now();
  const arrival = listener.waitFor(password);
  await editOnA(person, password);
  const pushed = performance.now();
  const firstHint = await arrival;
  const done = performance.now();
  into.total.push(done - started);
  into.push.push(pushed - started);
  into.after.push(firstHint - started);
}

const fmt = (values: readonly number[]) => `${median(values).toFixed(1)} ms`;

export const syncLatencyBenchmark: Benchmark = {
  name: 'sync-latency',
  description: 'time for a change on device A to reach device B (two sync engines, HTTPS transport, real server on SQLite, loopback)',
  async run(log) {
    const server = await startServerProcess();
    const client = new BenchClient(server.url, server.certPem, 1);
    let person: Person | undefined;
    try {
      person = await setUpPerson(server);
      const health: number[] = [];
      for (let i = 0; i < WARM_UP + ROUNDS; i++) {
        const started = performance.now();
        await client.json({ method: 'GET', path: HEALTH_PATH });
        if (i >= WARM_UP) health.push(performance.now() - started);
      }
      const poll = emptyTimings();
      const warm = emptyTimings();
      for (let i = 0; i < WARM_UP; i++) await pollRound(person, warm);
      const before = { a: person.a.requests(), b: person.b.requests() };
      for (let i = 0; i < ROUNDS; i++) await pollRound(person, poll);
      const perRound = { a: (person.a.requests() - before.a) / ROUNDS, b: (person.b.requests() - before.b) / ROUNDS };
      const listener = await hintListener(server, person);
      const hint = emptyTimings();
      try {
        for (let i = 0; i < ROUNDS; i++) await hintRound(listener, person, hint);
      } finally {
        listener.close();
      }
      const base = median(health);
      log(`GET /v1/health round trip   median ${fmt(health)}   baseline (${ROUNDS} runs, kept-alive connection)`);
      log(`poll: A edit+sync ${fmt(poll.push)} (${perRound.a.toFixed(1)} requests), then B sync ${fmt(poll.after)} (${perRound.b.toFixed(1)} requests)`);
      log(`poll: change on B after median ${fmt(poll.total)}   ${(median(poll.total) / base).toFixed(1)}x of the round trip   (polling's best case; a real poll waits for its next alarm)`);
      log(`hint: A edit+sync ${fmt(hint.push)}, hint at B after ${fmt(hint.after)} from the edit`);
      log(`hint: change on B after median ${fmt(hint.total)}   ${(median(hint.total) / base).toFixed(1)}x of the round trip`);
    } finally {
      await person?.close();
      client.close();
      await server.stop();
    }
  },
};
