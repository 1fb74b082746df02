/**
 * Brings the server database to the latest schema with Kysely's Migrator and an in-code provider:
 * the migrations are imported here, in order, so nothing is read from the disk at run time. One set
 * of migrations for SQLite and PostgreSQL. Idempotent (applied migrations are skipped) and safe
 * for several server processes starting together (the Migrator holds a lock while it works).
 */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { VaultError } from '../../shared/protocol/errors';
import * as m0001 from './migrations/0001-initial';
import * as m0002 from './migrations/0002-sync';
import * as m0003 from './migrations/0003-rate-limits';
import * as m0004 from './migrations/0004-collection-chains';
import * as m0005 from './migrations/0005-pairing';
import * as m0006 from './migrations/0006-operator-controls';
import * as m0007 from './migrations/0007-checkpoints';
import type { Database } from './schema';

/** Every migration, keyed by a name that sorts in application order. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': m0001,
  '0002-sync': m0002,
  '0003-rate-limits': m0003,
  '0004-collection-chains': m0004,
  '0005-pairing': m0005,
  '0006-operator-controls': m0006,
  '0007-checkpoints': m0007,
};

const provider: MigrationProvider = { getMigrations: async () => ({ ...MIGRATIONS }) };

/** Applies the pending migrations; returns the names of those applied now (empty when current). */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const { error, results = [] } = await new Migrator({ db, provider }).migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName ?? 'setup';
    const reason = error instanceof Error ? error.message : String(error);
    throw new VaultError('INTERNAL', `database migration ${failed} failed: ${reason}`);
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
