/**
 * Heartbeats in the server database (DESIGN.md §6 Freshness): the newest signed heartbeat of each
 * device, by its claimed time (an older one arriving late never replaces a newer one; the same time
 * again replaces, so a resend is harmless). The route checks signatures before anything is stored;
 * the bytes are kept exactly as signed, for peers to verify.
 */
import type { Kysely } from 'kysely';
import { HEARTBEATS_MAX_DEVICES } from '../../shared/protocol/api/heartbeats';
import type { Database } from './schema';

export interface StoredHeartbeat {
  readonly accountId: Uint8Array;
  readonly deviceId: Uint8Array;
  readonly time: number;
  readonly bytes: Uint8Array;
}

/** Keeps `heartbeat` unless the device already has one with a later time. */
export async function storeHeartbeat(db: Kysely<Database>, heartbeat: StoredHeartbeat): Promise<void> {
  await db
    .insertInto('heartbeats')
    .values({
      account_id: Buffer.from(heartbeat.accountId),
      device_id: Buffer.from(heartbeat.deviceId),
      time: heartbeat.time,
      heartbeat: Buffer.from(heartbeat.bytes),
    })
    .onConflict((conflict) =>
      conflict
        .columns(['account_id', 'device_id'])
        .doUpdateSet((eb) => ({ time: eb.ref('excluded.time'), heartbeat: eb.ref('excluded.heartbeat') }))
        .where((eb) => eb('heartbeats.time', '<=', eb.ref('excluded.time'))),
    )
    .execute();
}

/** The stored heartbeat of every device of the account, by device id. */
export async function readHeartbeats(db: Kysely<Database>, accountId: Uint8Array): Promise<Uint8Array[]> {
  const rows = await db
    .selectFrom('heartbeats')
    .select('heartbeat')
    .where('account_id', '=', Buffer.from(accountId))
    .orderBy('device_id')
    .limit(HEARTBEATS_MAX_DEVICES)
    .execute();
  return rows.map((row) => new Uint8Array(row.heartbeat));
}
