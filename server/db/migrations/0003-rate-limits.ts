/**
 * Migration 0003: `rate_limits`, fixed-window request counters shared by every server process
 * (DESIGN.md §6: rate limits in the database). One row per bucket key (a SHA-256 hex of, e.g.,
 * "auth ip 203.0.113.7", so client addresses are not stored in clear), with the start of its current
 * window (epoch ms) and the count in it. Portable through Kysely's schema builder. Frozen once released.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('bucket', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limits_window').on('rate_limits').column('window_start').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rate_limits').execute();
}
