/**
 * Compaction of the server's short-lived rows (`npm run admin -- compact`): expired or used sign-in
 * challenges, expired sessions, rate-limit windows that ended over an hour ago (any window the
 * server uses is shorter, so no live count is reset), and kept identity chains of deleted accounts
 * that no collection chain names any more (docs/decisions/006-account-deletion.md). Then, on
 * SQLite, `VACUUM` (rewrites the file without free pages; it briefly blocks writers) and a WAL
 * checkpoint; PostgreSQL reclaims space with its autovacuum.
 *
 * The retention compaction of collection logs into signed checkpoints is log-checkpoints.ts
 * (`compactLogs`); the admin command runs it first, so this VACUUM reclaims what it freed.
 */
import { sql } from 'kysely';
import { databaseSizeBytes } from './database-size';
import type { VaultDatabase } from './open-database';
import { purgeUnnamedDeletedAccounts } from './retained-identities';

/** Rate-limit windows that started longer ago than this are dropped. */
export const RATE_LIMIT_RETENTION_MS = 60 * 60_000;

export interface CompactionSummary {
  readonly challenges: number;
  readonly sessions: number;
  readonly rateLimitWindows: number;
  readonly purgedAccounts: number;
  readonly vacuumed: boolean;
  readonly bytesBefore: number;
  readonly bytesAfter: number;
}

export async function compact(database: VaultDatabase, now: number): Promise<CompactionSummary> {
  const bytesBefore = await databaseSizeBytes(database);
  const counts = await database.db.transaction().execute(async (trx) => {
    const challenges = await trx
      .deleteFrom('auth_challenges')
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('used', '=', 1)]))
      .executeTakeFirst();
    const sessions = await trx.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    const windows = await trx.deleteFrom('rate_limits').where('window_start', '<', now - RATE_LIMIT_RETENTION_MS).executeTakeFirst();
    return {
      challenges: Number(challenges.numDeletedRows),
      sessions: Number(sessions.numDeletedRows),
      rateLimitWindows: Number(windows.numDeletedRows),
      purgedAccounts: await purgeUnnamedDeletedAccounts(trx, database.kind),
    };
  });
  const vacuumed = database.kind === 'sqlite';
  if (vacuumed) {
    await sql`vacuum`.execute(database.db);
    await sql`pragma wal_checkpoint(truncate)`.execute(database.db);
  }
  return { ...counts, vacuumed, bytesBefore, bytesAfter: await databaseSizeBytes(database) };
}
