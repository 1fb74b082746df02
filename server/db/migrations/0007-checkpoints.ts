/**
 * Migration 0007: registered log checkpoints (docs/decisions/008-compact-checkpoints.md), portable
 * through Kysely's schema builder like 0002.
 * - collection_checkpoints: one row per checkpoint manifest batch a device registered, by
 *   (collection, seq of the manifest), with the log seq it covers (`base_seq`, the manifest's
 *   `seen.seq`), the registering device and the time (epoch ms). Compaction (`npm run admin --
 *   compact --older-than DAYS`) strips the bytes of the log rows at or below a checkpoint's base.
 * Frozen once released, like 0001.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const bytes = db.getExecutor().adapter instanceof PostgresAdapter ? sql`bytea` : sql`blob`;
  await db.schema
    .createTable('collection_checkpoints')
    .addColumn('collection_id', bytes, (c) => c.notNull().references('collection_heads.collection_id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('base_seq', 'integer', (c) => c.notNull())
    .addColumn('device_id', bytes, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('collection_checkpoints_pk', ['collection_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('collection_checkpoints').execute();
}
