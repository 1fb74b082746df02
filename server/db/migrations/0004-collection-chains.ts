/**
 * Migration 0004: collection chains, membership and heartbeats (DESIGN.md §5, §6), portable through
 * Kysely's schema builder like 0002 (bytes are `blob` on SQLite, `bytea` on PostgreSQL).
 * - collection_chain_entries: each collection's chain, entry bytes and hash by (collection, seq);
 *   the collection's `collection_heads` row (created with the genesis) is the lock appends take;
 * - collection_members: the current members and roles after the chain's last entry, rewritten on
 *   every chain append from the state shared/chains computed; it answers "may this account read or
 *   write this collection" and "do these two accounts share a collection" without re-validating;
 * - heartbeats: the newest signed heartbeat of each device (its claimed time kept to compare).
 * Frozen once released, like 0001.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const bytes = db.getExecutor().adapter instanceof PostgresAdapter ? sql`bytea` : sql`blob`;
  await db.schema
    .createTable('collection_chain_entries')
    .addColumn('collection_id', bytes, (c) => c.notNull().references('collection_heads.collection_id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('entry', bytes, (c) => c.notNull())
    .addColumn('entry_hash', bytes, (c) => c.notNull())
    .addPrimaryKeyConstraint('collection_chain_entries_pk', ['collection_id', 'seq'])
    .execute();
  await db.schema
    .createTable('collection_members')
    .addColumn('collection_id', bytes, (c) => c.notNull().references('collection_heads.collection_id'))
    .addColumn('account_id', bytes, (c) => c.notNull().references('accounts.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('collection_members_pk', ['collection_id', 'account_id'])
    .execute();
  await db.schema.createIndex('collection_members_account').on('collection_members').column('account_id').execute();
  await db.schema
    .createTable('heartbeats')
    .addColumn('account_id', bytes, (c) => c.notNull())
    .addColumn('device_id', bytes, (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('heartbeat', bytes, (c) => c.notNull())
    .addPrimaryKeyConstraint('heartbeats_pk', ['account_id', 'device_id'])
    .addForeignKeyConstraint('heartbeats_device_fk', ['account_id', 'device_id'], 'devices', ['account_id', 'device_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['heartbeats', 'collection_members', 'collection_chain_entries']) {
    await db.schema.dropTable(table).execute();
  }
}
