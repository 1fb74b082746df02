/**
 * Test support: runs one suite against a real HTTPS server (port 0, temporary data directory) on
 * SQLite always and on PostgreSQL when TEST_DATABASE_URL is set (a fresh schema per run), like the
 * database conformance suite. The suite also gets its own connection to the same database, for the
 * edits a test makes behind the server's back (revoking a device, expiring a nonce).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import type { DatabaseConfig } from '../config';
import { openDatabase, type VaultDatabase } from '../db/open-database';
import { startServer, type RunningServer, type StartServerOptions } from '../start-server';
import { usePostgresSchema } from './postgres-schema';
import { useTempDirs } from './temp-dir';

export interface ServerSuite {
  server(): RunningServer;
  database(): VaultDatabase;
  /** The database the server uses, for tools that open it themselves (the admin command line). */
  databaseConfig(): DatabaseConfig;
}

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? '';

type ExtraOptions = Omit<StartServerOptions, 'dataDir' | 'database'>;

function suiteOn(title: string, config: () => DatabaseConfig, dataDir: () => string, body: (suite: ServerSuite) => void, extra: ExtraOptions): void {
  describe(title, () => {
    let server: RunningServer | undefined;
    let database: VaultDatabase | undefined;
    beforeAll(async () => {
      server = await startServer({ port: 0, logLevel: 'silent', ...extra, dataDir: dataDir(), database: config() });
      database = openDatabase(config(), (error) => {
        throw error;
      });
    });
    afterAll(async () => {
      await database?.close();
      await server?.close();
    });
    body({
      server: () => server ?? fail('server not started'),
      database: () => database ?? fail('database not open'),
      databaseConfig: config,
    });
  });
}

function fail(message: string): never {
  throw new Error(message);
}

export function describeOnDatabases(title: string, body: (suite: ServerSuite) => void, extra: ExtraOptions = {}): void {
  const tempDir = useTempDirs('vault-api-');
  let sqliteDir: string | undefined;
  const dir = () => (sqliteDir ??= tempDir());
  suiteOn(`${title} (SQLite)`, () => ({ kind: 'sqlite', file: path.join(dir(), 'vault.sqlite') }), dir, body, extra);
  describe.skipIf(TEST_DATABASE_URL === '')(`${title} (PostgreSQL; skipped unless TEST_DATABASE_URL is set)`, () => {
    const url = TEST_DATABASE_URL === '' ? () => '' : usePostgresSchema(TEST_DATABASE_URL);
    suiteOn('on PostgreSQL', () => ({ kind: 'postgres', url: url() }), tempDir, body, extra);
  });
}
