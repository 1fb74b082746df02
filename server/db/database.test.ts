/**
 * One conformance suite for both dialects (DESIGN.md §6 Storage): SQLite always, PostgreSQL only
 * when TEST_DATABASE_URL points at a scratch database. Each PostgreSQL run works in a fresh schema
 * of its own (dropped afterwards), so runs never see each other's tables.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseConfig } from '../config';
import { HEALTH_PATH, healthResponseSchema } from '../../shared/protocol/api/health';
import { startServer } from '../start-server';
import { httpsRequest } from '../testing/https-request';
import { useTempDirs } from '../testing/temp-dir';
import { migrateToLatest } from './migrate';
import { openDatabase, type VaultDatabase } from './open-database';
import { readInstanceId } from './server-meta';

const tempDir = useTempDirs('vault-db-');
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? '';
const failOnPoolError = (error: Error) => {
  throw error;
};

function conformance(name: string, config: () => DatabaseConfig) {
  describe(`${name}: conformance`, () => {
    let database: VaultDatabase;
    beforeAll(() => {
      database = openDatabase(config(), failOnPoolError);
    });
    afterAll(() => database.close());

    it('migrates a fresh database, and a second run applies nothing', async () => {
      expect(await migrateToLatest(database.db)).toEqual(['0001-initial', '0002-sync', '0003-rate-limits', '0004-collection-chains', '0005-pairing', '0006-operator-controls', '0007-checkpoints']);
      expect(await migrateToLatest(database.db)).toEqual([]);
    });

    it('gives the instance a random 128-bit id that stays put', async () => {
      const id = await readInstanceId(database.db);
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      await migrateToLatest(database.db);
      expect(await readInstanceId(database.db)).toBe(id);
    });

    it('keys server_meta by key: a second row for a taken key is refused', async () => {
      const insert = database.db.insertInto('server_meta').values({ key: 'instance_id', value: 'forged' });
      await expect(insert.execute()).rejects.toThrow();
    });

    it('serves GET /v1/health naming its dialect', async () => {
      const server = await startServer({ dataDir: tempDir(), port: 0, logLevel: 'silent', database: config() });
      try {
        const res = await httpsRequest({ url: server.url + HEALTH_PATH, ca: server.certPem });
        expect(healthResponseSchema.parse(res.json()).database).toBe(config().kind);
      } finally {
        await server.close();
      }
    });
  });
}

const sqliteFile = path.join(tempDir(), 'vault.sqlite');
conformance('SQLite', () => ({ kind: 'sqlite', file: sqliteFile }));

describe('SQLite connection settings', () => {
  it('runs with WAL, foreign keys on, a busy timeout and synchronous FULL', async () => {
    const database = openDatabase({ kind: 'sqlite', file: path.join(tempDir(), 'vault.sqlite') }, failOnPoolError);
    try {
      const pragma = async (name: string) =>
        Object.values((await sql.raw(`pragma ${name}`).execute(database.db)).rows[0] ?? {})[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('busy_timeout')).toBe(5000);
      expect(await pragma('synchronous')).toBe(2);
    } finally {
      await database.close();
    }
  });
});

describe.skipIf(TEST_DATABASE_URL === '')('PostgreSQL (skipped unless TEST_DATABASE_URL=postgres://… is set)', () => {
  const schema = `vault_test_${randomBytes(6).toString('hex')}`;
  const admin = () => new pg.Client({ connectionString: TEST_DATABASE_URL });
  const inSchema = () => {
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return url.toString();
  };
  beforeAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`create schema ${schema}`);
    await client.end();
  });
  afterAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`drop schema ${schema} cascade`);
    await client.end();
  });
  conformance('PostgreSQL', () => ({ kind: 'postgres', url: inSchema() }));
});
