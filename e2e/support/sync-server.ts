/**
 * A real sync server for e2e tests: server/start-server.ts in the test process, over HTTPS with its
 * self-signed certificate on a free port of 127.0.0.1, on a fresh SQLite file in a temporary data
 * directory. Chromium trusts the certificate by its SPKI pin (`chromiumArgs`). `db()` opens the same
 * SQLite file directly, so a test reads what the server stored, or tampers with it as a malicious
 * server would.
 *
 * Clients reach it through a TCP relay on another port (`url`; the server signs that origin into its
 * auth challenges), which a test can `hold()`: bytes stop moving both ways, so a request is left in
 * flight for as long as the test wants (to stop the service worker in the middle of a sync), until
 * `release()`. TLS passes through the relay untouched.
 */
import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SQLITE_FILE_NAME, type DatabaseConfig } from '../../server/config';
import { startServer, type RunningServer } from '../../server/start-server';

export interface SyncServer {
  readonly url: string;
  readonly chromiumArgs: string[];
  readonly running: RunningServer;
  /** The database the server runs on (SQLite in the data directory, or the PostgreSQL URL given). */
  readonly database: DatabaseConfig;
  /** Stop relaying bytes (requests stay in flight), and start again. */
  hold(): void;
  release(): void;
  /** A connection to the server's SQLite file (WAL: reads see committed writes). */
  db(): Database.Database;
  close(): Promise<void>;
}

export interface LogRow {
  collection: string;
  seq: number;
  device: string;
  counter: number;
  batch: Buffer;
}

/** A TCP relay to `target()` whose traffic can be paused. */
function relay(target: () => number) {
  let held = false;
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    if (held) socket.pause();
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(target(), '127.0.0.1');
    track(client);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  return {
    listen: () => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port))),
    hold() {
      held = true;
      for (const socket of sockets) socket.pause();
    },
    release() {
      held = false;
      for (const socket of sockets) socket.resume();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface SyncServerOptions {
  /** Run on this PostgreSQL database (scripts/postgres.mjs startPostgres) instead of a fresh SQLite file; `db()` then refuses. */
  readonly databaseUrl?: string;
}

export async function startSyncServer(options: SyncServerOptions = {}): Promise<SyncServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'vault-sync-e2e-'));
  const target = { port: 0 };
  const front = relay(() => target.port);
  const url = `https://127.0.0.1:${await front.listen()}`;
  const database: DatabaseConfig =
    options.databaseUrl === undefined ? { kind: 'sqlite', file: path.join(dataDir, SQLITE_FILE_NAME) } : { kind: 'postgres', url: options.databaseUrl };
  const running = await startServer({ dataDir, port: 0, host: '127.0.0.1', logLevel: 'warn', publicOrigin: url, ...(options.databaseUrl === undefined ? {} : { database }) });
  target.port = running.port;
  let connection: Database.Database | undefined;
  return {
    url,
    chromiumArgs: [`--ignore-certificate-errors-spki-list=${running.spkiPin}`],
    running,
    database,
    hold: () => front.hold(),
    release: () => front.release(),
    db() {
      if (database.kind !== 'sqlite') throw new Error('db() reads the SQLite file; this server runs on PostgreSQL');
      connection ??= new Database(path.join(dataDir, SQLITE_FILE_NAME));
      return connection;
    },
    async close() {
      connection?.close();
      await front.close();
      await running.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every stored batch of every collection log, in seq order. */
export function logRows(server: SyncServer): LogRow[] {
  const rows = server.db().prepare('SELECT collection_id, seq, device_id, counter, batch FROM collection_logs ORDER BY collection_id, seq').all() as {
    collection_id: Buffer;
    seq: number;
    device_id: Buffer;
    counter: number;
    batch: Buffer;
  }[];
  return rows.map((row) => ({ collection: row.collection_id.toString('hex'), seq: row.seq, device: row.device_id.toString('hex'), counter: row.counter, batch: row.batch }));
}
