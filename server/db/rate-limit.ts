/**
 * Fixed-window rate limiting held in the database, so every server process behind a load balancer
 * counts against the same buckets. One atomic upsert per request: a new window resets the count, the
 * same window adds one; the request is allowed while the count is within `max`. Bucket keys are
 * hashed before they are stored.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { VaultError } from '../../shared/protocol/errors';
import type { Database } from './schema';

export interface RateLimit {
  readonly max: number;
  readonly windowMs: number;
}

/** The stored form of a bucket key: its SHA-256 in hex. */
export function bucketHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Counts one request in `key`'s bucket; throws RATE_LIMITED when the window's count exceeds `max`. */
export async function enforceRateLimit(db: Kysely<Database>, key: string, limit: RateLimit, now: number): Promise<void> {
  const bucket = bucketHash(key);
  const windowStart = Math.floor(now / limit.windowMs) * limit.windowMs;
  const row = await db
    .insertInto('rate_limits')
    .values({ bucket, window_start: windowStart, count: 1 })
    .onConflict((conflict) =>
      conflict.column('bucket').doUpdateSet({
        count: sql<number>`case when rate_limits.window_start = excluded.window_start then rate_limits.count + 1 else 1 end`,
        window_start: sql<number>`excluded.window_start`,
      }),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  if (row.count === 1) await db.deleteFrom('rate_limits').where('window_start', '<', windowStart - limit.windowMs).execute();
  if (row.count > limit.max) throw new VaultError('RATE_LIMITED', 'too many requests, retry later');
}
