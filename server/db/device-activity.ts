/**
 * When a device was last seen (migration 0006 `devices.last_seen_at`), for operators (`npm run
 * admin -- devices`) and for the account's own data view: the hour of its latest sign-in, rounded
 * down. A device signs in at most every session lifetime (15 minutes) while it syncs, so the hour is
 * accurate enough to tell a dormant device from an active one, and the server keeps no finer trace
 * of when each device was used than its logs already show. At most one write per device and hour.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema';

export const LAST_SEEN_RESOLUTION_MS = 60 * 60_000;

export function lastSeenHour(now: number): number {
  return Math.floor(now / LAST_SEEN_RESOLUTION_MS) * LAST_SEEN_RESOLUTION_MS;
}

/** Records a sign-in of the device at `now` (kept as its hour). */
export async function recordSignIn(db: Kysely<Database>, accountId: Uint8Array, deviceId: Uint8Array, now: number): Promise<void> {
  const hour = lastSeenHour(now);
  await db
    .updateTable('devices')
    .set({ last_seen_at: hour })
    .where('account_id', '=', Buffer.from(accountId))
    .where('device_id', '=', Buffer.from(deviceId))
    .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', hour)]))
    .execute();
}
