/**
 * Migration 0002: the sync tables (DESIGN.md §6 Storage), written with Kysely's schema builder so
 * they run unchanged on SQLite and PostgreSQL. Ids, keys, hashes and batches are bytes (`blob` on
 * SQLite, `bytea` on PostgreSQL); flags are 0/1 integers and times are epoch milliseconds (`bigint`),
 * the types both dialects read back alike.
 * - accounts: one per identity, id = hash of the identity chain's genesis entry;
 * - devices: each device of an account with its Ed25519 signing key and a revoked flag;
 * - identity_chain_entries: the identity chain, entry bytes and hash by (account, seq);
 * - auth_challenges: single-use nonces with their account, device and expiry;
 * - sessions: only the SHA-256 of each bearer token, with its device, account and expiry;
 * - collection_heads: one row per collection (its owner account, last seq and head), the row locked
 *   while a seq is allocated;
 * - collection_logs: the append-only log, unique on (collection, seq) and on (device, collection, counter).
 * Frozen once released, like 0001.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const bytes = db.getExecutor().adapter instanceof PostgresAdapter ? sql`bytea` : sql`blob`;
  await db.schema
    .createTable('accounts')
    .addColumn('id', bytes, (c) => c.primaryKey())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('devices')
    .addColumn('account_id', bytes, (c) => c.notNull().references('accounts.id'))
    .addColumn('device_id', bytes, (c) => c.notNull())
    .addColumn('signing_key', bytes, (c) => c.notNull())
    .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('devices_pk', ['account_id', 'device_id'])
    .execute();
  await db.schema
    .createTable('identity_chain_entries')
    .addColumn('account_id', bytes, (c) => c.notNull().references('accounts.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('entry', bytes, (c) => c.notNull())
    .addColumn('entry_hash', bytes, (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_chain_entries_pk', ['account_id', 'seq'])
    .execute();
  await db.schema
    .createTable('auth_challenges')
    .addColumn('nonce', bytes, (c) => c.primaryKey())
    .addColumn('account_id', bytes, (c) => c.notNull())
    .addColumn('device_id', bytes, (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('auth_challenges_expires').on('auth_challenges').column('expires_at').execute();
  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', bytes, (c) => c.primaryKey())
    .addColumn('account_id', bytes, (c) => c.notNull())
    .addColumn('device_id', bytes, (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addForeignKeyConstraint('sessions_device_fk', ['account_id', 'device_id'], 'devices', ['account_id', 'device_id'])
    .execute();
  await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();
  await db.schema
    .createTable('collection_heads')
    .addColumn('collection_id', bytes, (c) => c.primaryKey())
    .addColumn('account_id', bytes, (c) => c.notNull().references('accounts.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('head', bytes, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('collection_logs')
    .addColumn('collection_id', bytes, (c) => c.notNull().references('collection_heads.collection_id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('batch_id', bytes, (c) => c.notNull())
    .addColumn('head', bytes, (c) => c.notNull())
    .addColumn('device_id', bytes, (c) => c.notNull())
    .addColumn('counter', 'integer', (c) => c.notNull())
    .addColumn('batch', bytes, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('collection_logs_pk', ['collection_id', 'seq'])
    .addUniqueConstraint('collection_logs_device_counter', ['device_id', 'collection_id', 'counter'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['collection_logs', 'collection_heads', 'sessions', 'auth_challenges', 'identity_chain_entries', 'devices', 'accounts']) {
    await db.schema.dropTable(table).execute();
  }
}
