/**
 * Migration 0005: the pairing relay's mailboxes (DESIGN.md §7, docs/pairing.md §11), portable
 * through Kysely's schema builder like 0002 (bytes are `blob` on SQLite, `bytea` on PostgreSQL).
 * - pairing_mailboxes: one row per invite id, opened by its first message or its close: when it
 *   opened and expires (epoch ms), a closed flag (0/1), and the count and total bytes of its
 *   messages (the row posts lock); kept as a tombstone for a while after it expires, so a replayed
 *   invite meets "expired" rather than a fresh mailbox;
 * - pairing_messages: the sealed boxes by (invite, seq) with their step; deleted once the mailbox
 *   expires.
 * Nothing here names an account or a device: the server cannot tell whose invite it relays.
 * Frozen once released, like 0001.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const bytes = db.getExecutor().adapter instanceof PostgresAdapter ? sql`bytea` : sql`blob`;
  await db.schema
    .createTable('pairing_mailboxes')
    .addColumn('invite_id', bytes, (c) => c.primaryKey())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('closed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('messages', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bytes', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('pairing_mailboxes_expiry').on('pairing_mailboxes').column('expires_at').execute();
  await db.schema
    .createTable('pairing_messages')
    .addColumn('invite_id', bytes, (c) => c.notNull().references('pairing_mailboxes.invite_id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('box', bytes, (c) => c.notNull())
    .addPrimaryKeyConstraint('pairing_messages_pk', ['invite_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['pairing_messages', 'pairing_mailboxes']) {
    await db.schema.dropTable(table).execute();
  }
}
