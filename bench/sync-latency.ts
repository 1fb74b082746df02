/**
 * Time for a change to reach a second device over loopback: one person, devices A and B, each with
 * its own sync engine (shared/sync/engine, `createSyncEngine`) over the HTTPS transport
 * (shared/protocol/client/http-transport.ts), in-memory state stores and replicas, against a real
 * server process on SQLite. B runs in its own process (bench/sync/second-device.ts), as a second
 * device would. A edits an item (a new password: stamp, apply locally, record into the outbox) and
 * syncs (pull, verify, push); the change has arrived when B's replica shows A's password. B learns
 * of it two ways:
 * - poll: B syncs as soon as A's sync returns (polling's best case: no wait for the next poll);
 * - hint: B listens on the WebSocket hint channel (`/v1/hints`) and syncs when the hint comes.
 * B reports over the IPC channel; its round trip is measured too and is included in the figures.
 * Baseline in the same run: a bare HTTPS round trip, `GET /v1/health` on a kept-alive connection.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { bytesToHex } from '@noble/hashes/utils.js';
import { appendIdentityEntry, createIdentityGenesis } from '../shared/chains/append';
import { generateSigningKeyPair } from '../shared/crypto/ed25519';
import { randomBytes } from '../shared/crypto/random';
import { generateX25519KeyPair } from '../shared/crypto/x25519';
import { HEALTH_PATH } from '../shared/protocol/api/health';
import { createAccount } from '../shared/protocol/client/create-account';
import { edit, EMPTY_STATE } from '../shared/sync/item-merge';
import { base64UrlEncode } from '../shared/vault/base64';
import { median, QUICK, type Benchmark } from './benchmark';
import { engineDevice, syncOk, type EngineDevice } from './sync/engine-device';
import { BenchClient } from './sync/https-client';
import type { FromSecondDevice, SecondDeviceConfig, ToSecondDevice } from './sync/second-device';
import { startServerProcess, type ServerProcess } from './sync/server-processes';

const ROUNDS = QUICK ? 8 : 15;
const WARM_UP = 3;
const ITEM = base64UrlEncode(randomBytes(16));

/** Device B's process and a way to wait for its next message of a kind. */
class SecondDevice {
  private readonly waiting: { type: FromSecondDevice['type']; resolve: (message: FromSecondDevice) => void }[] = [];
  private failure: Error | undefined;

  constructor(private readonly child: ChildProcess) {
    child.on('message', (message: FromSecondDevice) => {
      if (message.type === 'failed') this.failure = new Error(`device B: ${message.error}`);
      const index = this.waiting.findIndex((w) => w.type === message.type);
      if (index >= 0) this.waiting.splice(index, 1)[0]!.resolve(message);
    });
  }

  static start(): SecondDevice {
    return new SecondDevice(fork(new URL('./sync/second-device.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'] }));
  }

  send(message: ToSecondDevice): void {
    if (this.failure !== undefined) throw this.failure;
    this.child.send(message);
  }

  next<T extends FromSecondDevice['type']>(type: T): Promise<Extract<FromSecondDevice, { type: T }>> {
    return new Promise((resolve, reject) => {
      if (this.failure !== undefined) reject(this.failure);
      const timer = setTimeout(() => reject(this.failure ?? new Error(`device B: no '${type}' within 30 s`)), 30_000);
      this.waiting.push({ type, resolve: (message) => (clearTimeout(timer), resolve(message as Extract<FromSecondDevice, { type: T }>)) });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ type: 'stop' } satisfies ToSecondDevice);
    await exited;
  }
}

interface Person {
  readonly a: EngineDevice;
  readonly b: SecondDevice;
  readonly collection: string;
}

/** Account by A (genesis), add-device B, A's personal collection; B started and synced. */
async function setUpPerson(server: ServerProcess, b: SecondDevice): Promise<Person> {
  const key = randomBytes(32);
  const collectionId = randomBytes(16);
  const collection = bytesToHex(collectionId);
  const [first, second] = [0, 1].map(() => ({ device: randomBytes(16), signing: generateSigningKeyPair(), x25519: generateX25519KeyPair() })) as [
    { device: Uint8Array; signing: ReturnType<typeof generateSigningKeyPair>; x25519: ReturnType<typeof generateX25519KeyPair> },
    { device: Uint8Array; signing: ReturnType<typeof generateSigningKeyPair>; x25519: ReturnType<typeof generateX25519KeyPair> },
  ];
  const genesis = createIdentityGenesis({ deviceId: first.device, seed: first.signing.seed, x25519Key: first.x25519.publicKey }, generateX25519KeyPair().publicKey);
  const identity = genesis.hash;
  const a = engineDevice({ server, identity, device: first.device, seed: first.signing.seed, publicKey: first.signing.publicKey, collection, key });
  await createAccount({ server: server.url, fetch: a.fetch }, genesis.bytes);
  const args = { deviceId: second.device, signingKey: second.signing.publicKey, x25519Key: second.x25519.publicKey, userKeySeal: randomBytes(80) };
  const added = appendIdentityEntry(genesis.state, genesis.hash, { by: 'device', id: first.device, seed: first.signing.seed }, { op: 'add-device', args });
  await a.transport.appendIdentityEntry(identity, added.bytes, genesis.hash);
  await a.engine.createPersonalCollection(key, collectionId);
  await syncOk(a, collection);
  const config: SecondDeviceConfig = {
    url: server.url,
    certPem: server.certPem,
    identity: bytesToHex(identity),
    device: bytesToHex(second.device),
    seed: bytesToHex(second.signing.seed),
    publicKey: bytesToHex(second.signing.publicKey),
    collection,
    key: bytesToHex(key),
  };
  const ready = b.next('ready');
  b.send({ type: 'start', config });
  await ready;
  return { a, b, collection };
}

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

interface Timings {
  readonly total: number[];
  /** A's edit and sync. */
  readonly a: number[];
  /** From the edit to B's first hint (hint mode). */
  readonly hint: number[];
  requestsA: number;
  requestsB: number;
}

const timings = (): Timings => ({ total: [], a: [], hint: [], requestsA: 0, requestsB: 0 });

async function pollRound(person: Person, into: Timings): Promise<void> {
  const password = newPassword();
  const before = person.a.requests();
  const started = performance.now();
  await editOnA(person, password);
  const pushed = performance.now();
  into.requestsA += person.a.requests() - before;
  const done = person.b.next('done');
  person.b.send({ type: 'poll', item: ITEM, password });
  const { arrived } = await done;
  into.total.push(performance.now() - started);
  into.a.push(pushed - started);
  if (!arrived) throw new Error('poll: the change did not reach B');
}

async function hintRound(person: Person, into: Timings): Promise<void> {
  const password = newPassword();
  person.b.send({ type: 'watch', item: ITEM, password });
  // Timed when each message arrives, which may be before A's sync returns.
  const hinted = person.b.next('hint').then(() => performance.now());
  const done = person.b.next('done').then(() => performance.now());
  const started = performance.now();
  await editOnA(person, password);
  into.a.push(performance.now() - started);
  into.hint.push((await hinted) - started);
  into.total.push((await done) - started);
}

const fmt = (values: readonly number[]) => `${median(values).toFixed(1)} ms`;

/** `times` timed calls of `once` (after `warmUp` untimed ones). */
async function roundTrips(times: number, once: () => Promise<unknown>, warmUp = 0): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < warmUp + times; i++) {
    const started = performance.now();
    await once();
    if (i >= warmUp) out.push(performance.now() - started);
  }
  return out;
}

async function measure(log: (line: string) => void, server: ServerProcess, person: Person): Promise<void> {
  const client = new BenchClient(server.url, server.certPem, 1);
  try {
    const healthOnce = () => client.json({ method: 'GET', path: HEALTH_PATH });
    const health = await roundTrips(1, healthOnce, WARM_UP);
    const ipc = await roundTrips(ROUNDS, () => {
      const pong = person.b.next('pong');
      person.b.send({ type: 'ping' });
      return pong;
    }, WARM_UP);
    // Health round trips interleaved with the rounds, so the baseline shares the machine's moment.
    for (let i = 0; i < WARM_UP; i++) await pollRound(person, timings());
    const poll = timings();
    for (let i = 0; i < ROUNDS; i++) {
      await pollRound(person, poll);
      health.push(...(await roundTrips(1, healthOnce)));
    }
    for (let i = 0; i < WARM_UP; i++) await hintRound(person, timings());
    const hint = timings();
    for (let i = 0; i < ROUNDS; i++) {
      await hintRound(person, hint);
      health.push(...(await roundTrips(1, healthOnce)));
    }
    const base = median(health);
    const x = (values: readonly number[]) => `${(median(values) / base).toFixed(0)}x of the round trip`;
    log(`GET /v1/health round trip   median ${fmt(health)}   baseline (${health.length} runs between the rounds, kept-alive connection; IPC to B's process ${fmt(ipc)} round trip)`);
    log(`A: edit and sync (pull, verify, push)   median ${fmt(poll.a)} in the poll rounds, ${fmt(hint.a)} in the hint rounds (B syncing meanwhile); ${(poll.requestsA / ROUNDS).toFixed(1)} HTTPS requests`);
    log(`poll: on B after median ${fmt(poll.total)}   ${x(poll.total)}   (B syncs as soon as A's sync returns: polling's best case)`);
    log(`hint: first hint at B after ${fmt(hint.hint)}; on B after median ${fmt(hint.total)}   ${x(hint.total)}`);
  } finally {
    client.close();
  }
}

export const syncLatencyBenchmark: Benchmark = {
  name: 'sync-latency',
  description: 'time for a change on device A to reach device B (two sync engines, HTTPS transport, real server on SQLite, loopback)',
  async run(log) {
    const server = await startServerProcess();
    const b = SecondDevice.start();
    let person: Person | undefined;
    try {
      person = await setUpPerson(server, b);
      await measure(log, server, person);
    } finally {
      await b.stop();
      await person?.a.close();
      await server.stop();
    }
  },
};
