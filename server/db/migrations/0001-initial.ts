/**
 * Migration 0001: the `server_meta` table (key text primary key, value text) and this instance's
 * random 128-bit id. Written with Kysely's schema builder and one parameterised insert so it runs
 * unchanged on SQLite and PostgreSQL. Frozen once released: later changes get a new migration, which
 * is why it takes `Kysely<unknown>` rather than today's `Database` type.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('server_meta')
    .addColumn('key', 'text', (column) => column.primaryKey())
    .addColumn('value', 'text', (column) => column.notNull())
    .execute();
  const instanceId = randomBytes(16).toString('hex');
  await sql`insert into server_meta (key, value) values (${'instance_id'}, ${instanceId})`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('server_meta').execute();
}
