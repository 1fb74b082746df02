/**
 * Operator freezes (docs/incident-response.md, "isolate"): an account or one of its devices marked
 * frozen (migration 0006 `frozen_at`) gets 403 `FROZEN` on every authenticated request and no hints
 * (`server/http/session-auth.ts`, `server/db/auth-store.ts`) until it is unfrozen. A freeze is
 * server-side and reversible: it stops a device from pushing or pulling, it does not revoke it (only
 * a signed revoke-device entry in the identity chain does that, and only the person can sign one).
 * Freezing what is already frozen keeps the first time.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** What a freeze or unfreeze found: `changed`, `unchanged` (already in that state) or `unknown`. */
export type FreezeOutcome = 'changed' | 'unchanged' | 'unknown';

export interface DeviceRef {
  readonly accountId: Uint8Array;
  readonly deviceId: Uint8Array;
}

export async function setAccountFrozen(db: Kysely<Database>, accountId: Uint8Array, frozen: boolean, now: number): Promise<FreezeOutcome> {
  const id = Buffer.from(accountId);
  const row = await db.selectFrom('accounts').select('frozen_at').where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (row === undefined) return 'unknown';
  if ((row.frozen_at !== null) === frozen) return 'unchanged';
  await db.updateTable('accounts').set({ frozen_at: frozen ? now : null }).where('id', '=', id).execute();
  return 'changed';
}

export async function setDeviceFrozen(db: Kysely<Database>, device: DeviceRef, frozen: boolean, now: number): Promise<FreezeOutcome> {
  const account = Buffer.from(device.accountId);
  const deviceId = Buffer.from(device.deviceId);
  const row = await db
    .selectFrom('devices')
    .select('frozen_at')
    .where('account_id', '=', account)
    .where('device_id', '=', deviceId)
    .executeTakeFirst();
  if (row === undefined) return 'unknown';
  if ((row.frozen_at !== null) === frozen) return 'unchanged';
  await db
    .updateTable('devices')
    .set({ frozen_at: frozen ? now : null })
    .where('account_id', '=', account)
    .where('device_id', '=', deviceId)
    .execute();
  return 'changed';
}
