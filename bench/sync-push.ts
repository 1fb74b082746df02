/**
 * Batch pushes per second on the real server: `POST /v1/collections/:id/batches` from many devices
 * at once, each request a new append (its device's next counter, pre-signed: one sealed record per
 * batch, the one-item change of sync-bytes), over HTTPS with keep-alive connections. Three set-ups:
 * SQLite; PostgreSQL behind one server process; PostgreSQL behind two server processes (the load
 * split between them, as a load balancer would). Baseline in the same run, on the same servers,
 * connections and concurrency: `GET /v1/health` (one database read), so the push figure is a ratio.
 * Client, servers and database share the machine's cores, as the figures in docs/performance.md say.
 */
import { toBase64url } from '../shared/crypto/base64url';
import { randomBytes } from '../shared/crypto/random';
import { batchesPath } from '../shared/protocol/api/collections';
import { HEALTH_PATH } from '../shared/protocol/api/health';
import { createItem } from '../shared/vault/edit-item';
import { QUICK, type Benchmark } from './benchmark';
import { newBenchAccount, registerAccount, type BenchAccount } from './sync/bench-accounts';
import { BenchClient, runLoad, type LoadResult, type NextRequest } from './sync/https-client';
import { commitCostMs } from './sync/disk-commit';
import { startBenchPostgres, startServerProcess, type ServerProcess } from './sync/server-processes';
import { itemRecord, loginDraft, passwordEdit, signNext } from './sync/vault-fixture';

const DEVICES = 32;
const CONNECTIONS = 16;
/** Each measurement runs this long (or until the pre-signed batches run out). */
const SECONDS = QUICK ? 2 : 3;
/** Pre-signed batches: more than the fastest set-up pushes in SECONDS on the project machine. */
const PUSHES = QUICK ? 480 : 1024;
const WARM_UP_SECONDS = 1;

interface Pusher {
  readonly account: BenchAccount;
  readonly bodies: string[];
}

/** Every device's batches, signed before the clock starts (one record each, counters 1, 2, …). */
function presign(): Pusher[] {
  const perDevice = Math.ceil(PUSHES / DEVICES);
  return Array.from({ length: DEVICES }, () => {
    const account = newBenchAccount();
    const { device, cursor } = account;
    const bodies = Array.from({ length: perDevice }, (_, i) => {
      const hlc = { wall: Date.now(), counter: i };
      const item = createItem(loginDraft(i), hlc.wall, randomBytes);
      const record = itemRecord(device, item.id, passwordEdit(device, hlc, item, `new-password-${i}`).delta);
      const { bytes, counter } = signNext(device, cursor, [record]);
      return JSON.stringify({ batch: toBase64url(bytes), device: toBase64url(device.device), counter });
    });
    return { account, bodies };
  });
}

/** GETs of the health endpoint over `CONNECTIONS` workers, spread over the servers. */
function healthWorkers(clients: readonly BenchClient[]): NextRequest[] {
  return Array.from({ length: CONNECTIONS }, (_, w) => () => ({ client: clients[w % clients.length]!, req: { method: 'GET', path: HEALTH_PATH }, expected: 200 }));
}

/** Register every account (in parallel, like devices signing up at once); their session tokens. */
async function registerAll(clients: readonly BenchClient[], pushers: readonly Pusher[]): Promise<string[]> {
  const tokens: string[] = [];
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, w) => {
      for (let i = w; i < pushers.length; i += CONNECTIONS) tokens[i] = await registerAccount(clients[w % clients.length]!, pushers[i]!.account);
    }),
  );
  return tokens;
}

/** Worker `w` pushes for devices w, w + CONNECTIONS, …, in turn, each device's batches in order. */
function pushWorkers(clients: readonly BenchClient[], pushers: readonly Pusher[], tokens: readonly string[]): NextRequest[] {
  return Array.from({ length: CONNECTIONS }, (_, w) => {
    const mine = pushers.map((pusher, i) => ({ pusher, token: tokens[i]!, sent: 0 })).filter((_, i) => i % CONNECTIONS === w);
    let turn = 0;
    return () => {
      for (let tries = 0; tries < mine.length; tries++) {
        const slot = mine[turn++ % mine.length]!;
        const body = slot.pusher.bodies[slot.sent];
        if (body === undefined) continue;
        slot.sent += 1;
        const path = batchesPath(toBase64url(slot.pusher.account.device.collection));
        return { client: clients[w % clients.length]!, req: { method: 'POST', path, body, token: slot.token }, expected: 200 };
      }
      return null;
    };
  });
}

function line(label: string, result: LoadResult, baseline?: LoadResult): string {
  const rate = `${Math.round(result.perSecond)}/s`;
  const vs = baseline === undefined ? 'baseline' : `${(result.perSecond / baseline.perSecond).toFixed(2)}x of health`;
  const failed = result.failures === 0 ? '' : `   ${result.failures} FAILED (first: ${result.firstFailure ?? '?'})`;
  return `${label} ${rate.padStart(7)}   p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms   ${result.requests} requests   ${vs}${failed}`;
}

async function measure(log: (line: string) => void, title: string, servers: readonly ServerProcess[], pushers: readonly Pusher[]): Promise<void> {
  const clients = servers.map((server) => new BenchClient(server.url, server.certPem, CONNECTIONS));
  try {
    const tokens = await registerAll(clients, pushers);
    await runLoad(healthWorkers(clients), WARM_UP_SECONDS);
    const health = await runLoad(healthWorkers(clients), SECONDS);
    const pushes = await runLoad(pushWorkers(clients, pushers, tokens), SECONDS);
    log(`${title}`);
    log(line('  GET /v1/health      ', health));
    log(line('  POST batch (append) ', pushes, health));
  } finally {
    for (const client of clients) client.close();
  }
}

type Starter = () => Promise<ServerProcess>;

async function withServers(starters: readonly Starter[], body: (servers: ServerProcess[]) => Promise<void>): Promise<void> {
  const servers: ServerProcess[] = [];
  try {
    // One after the other: the first applies the migrations.
    for (const start of starters) servers.push(await start());
    await body(servers);
  } finally {
    for (const server of servers) await server.stop();
  }
}

export const syncPushBenchmark: Benchmark = {
  name: 'sync-push',
  description: `batch pushes per second from ${DEVICES} devices over ${CONNECTIONS} connections (SQLite; PostgreSQL with 1 and 2 server processes)`,
  async run(log) {
    // The SQLite server boots in its own process while this one signs the batches.
    const sqlite = startServerProcess();
    let pushers: Pusher[];
    try {
      pushers = presign();
    } catch (error) {
      await (await sqlite).stop();
      throw error;
    }
    const signed = pushers;
    log(`${SECONDS} s per measurement; up to ${signed.reduce((n, p) => n + p.bodies.length, 0)} pushes per set-up, each a new batch (one sealed record, ${signed[0]!.bodies[0]!.length}-byte body)`);
    await withServers([() => sqlite], (servers) => measure(log, 'SQLite, 1 server process', servers, signed));
    const commit = await commitCostMs();
    log(`  disk: one durable SQLite commit ${commit.full.toFixed(2)} ms (synchronous = FULL, the server's setting), ${commit.normal.toFixed(3)} ms without fsync (NORMAL)`);
    log('  (a push commits twice, the device\'s rate-limit count and then the batch; a health check only reads)');
    const postgres = await startBenchPostgres();
    if ('error' in postgres) {
      log(`PostgreSQL unavailable (${postgres.error}): PostgreSQL set-ups skipped`);
      return;
    }
    try {
      const one = await postgres.freshDatabase();
      await withServers([() => startServerProcess({ url: one })], (servers) => measure(log, 'PostgreSQL, 1 server process', servers, signed));
      const two = await postgres.freshDatabase();
      const start = () => startServerProcess({ url: two });
      await withServers([start, start], (servers) => measure(log, 'PostgreSQL, 2 server processes', servers, signed));
    } finally {
      postgres.stop();
    }
  },
};
