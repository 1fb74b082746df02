/**
 * A real sync server for e2e tests: server/start-server.ts in the test process, over HTTPS with its
 * self-signed certificate on a free port of 127.0.0.1, on a fresh SQLite file in a temporary data
 * directory. Chromium trusts the certificate by its SPKI pin (`chromiumArgs`). `db()` opens the same
 * SQLite file directly, so a test reads what the server stored, or tampers with it as a malicious
 * server would.
 */
import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SQLITE_FILE_NAME } from '../../server/config';
import { startServer, type RunningServer } from '../../server/start-server';

export interface SyncServer {
  readonly url: string;
  readonly chromiumArgs: string[];
  readonly running: RunningServer;
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

export async function startSyncServer(): Promise<SyncServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'vault-sync-e2e-'));
  const running = await startServer({ dataDir, port: 0, host: '127.0.0.1', logLevel: 'warn' });
  let connection: Database.Database | undefined;
  return {
    url: running.url,
    chromiumArgs: [`--ignore-certificate-errors-spki-list=${running.spkiPin}`],
    running,
    db() {
      connection ??= new Database(path.join(dataDir, SQLITE_FILE_NAME));
      return connection;
    },
    async close() {
      connection?.close();
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
