/**
 * Opens the server database through Kysely, the one query builder for both dialects:
 * - SQLite (default): better-sqlite3 12 on `DATA_DIR/vault.sqlite`, WAL journal, foreign keys on,
 *   a busy timeout, and `synchronous = FULL` so a batch acknowledged to a device survives a power
 *   cut (a lost acknowledged batch would look like an omission to that device, DESIGN.md §6);
 * - PostgreSQL (a postgres:// DATABASE_URL): a pg Pool, for several stateless server processes.
 * Does not migrate: the caller runs `migrateToLatest` once the database is open.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { VaultError } from '../../shared/protocol/errors';
import type { DatabaseConfig } from '../config';
import type { Database } from './schema';

export type DatabaseKind = DatabaseConfig['kind'];

export const SQLITE_BUSY_TIMEOUT_MS = 5000;
export const POSTGRES_POOL_SIZE = 10;

export interface VaultDatabase {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  /** Closes every connection; the database object is unusable afterwards. */
  close(): Promise<void>;
}

/** Where pool-level failures (a dropped idle PostgreSQL connection) are reported. */
export type DatabaseErrorSink = (error: Error) => void;

export function openDatabase(config: DatabaseConfig, onError: DatabaseErrorSink): VaultDatabase {
  const db = config.kind === 'sqlite' ? openSqlite(config.file) : openPostgres(config.url, onError);
  return { db, kind: config.kind, close: () => db.destroy() };
}

function openSqlite(file: string): Kysely<Database> {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const sqlite = new BetterSqlite3(file);
  const mode: unknown = sqlite.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') {
    sqlite.close();
    throw new VaultError('BAD_CONFIG', `SQLite refused WAL mode for ${file} (got ${String(mode)})`);
  }
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

function openPostgres(url: string, onError: DatabaseErrorSink): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: POSTGRES_POOL_SIZE });
  pool.on('error', onError);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
