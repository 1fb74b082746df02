/**
 * The size of the server database in bytes, for `/metrics` and `npm run admin -- compact`:
 * SQLite's page count times page size (the main file's size once the WAL is checkpointed), or
 * PostgreSQL's `pg_database_size` of the current database.
 */
import { sql } from 'kysely';
import type { VaultDatabase } from './open-database';

export async function databaseSizeBytes(database: VaultDatabase): Promise<number> {
  if (database.kind === 'sqlite') {
    const result = await sql<{ size: number }>`select page_count * page_size as size from pragma_page_count(), pragma_page_size()`.execute(database.db);
    return Number(result.rows[0]?.size ?? 0);
  }
  const result = await sql<{ size: string }>`select pg_database_size(current_database()) as size`.execute(database.db);
  return Number(result.rows[0]?.size ?? 0);
}
