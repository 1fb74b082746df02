/**
 * Migration 0006: what operators and account deletion need (issue 11), portable through Kysely's
 * schema builder like 0002 (one column per ALTER, as SQLite requires; times are epoch ms, `bigint`).
 * - accounts.frozen_at, devices.frozen_at: set while an operator has frozen the account or the
 *   device (`npm run admin -- freeze …`): every authenticated request is then 403 `FROZEN`;
 * - accounts.deleted_at: set when an account was deleted but its identity chain (public keys and
 *   signatures only) is kept because a collection chain other people still use names it
 *   (docs/decisions/006-account-deletion.md); such an account has no devices and cannot sign in;
 * - devices.last_seen_at: the hour (epoch ms, rounded down) of the device's latest sign-in, so an
 *   operator can tell a dormant device from an active one without the server keeping finer timing.
 * All are null by default. Frozen once released, like 0001.
 */
import type { Kysely } from 'kysely';

const COLUMNS: readonly (readonly [table: string, column: string])[] = [
  ['accounts', 'frozen_at'],
  ['accounts', 'deleted_at'],
  ['devices', 'frozen_at'],
  ['devices', 'last_seen_at'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, column] of COLUMNS) {
    await db.schema.alterTable(table).addColumn(column, 'bigint').execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table, column] of [...COLUMNS].reverse()) {
    await db.schema.alterTable(table).dropColumn(column).execute();
  }
}
