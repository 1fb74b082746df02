/**
 * Accounts and their devices in the server database (DESIGN.md §5): an account is created from its
 * identity chain's genesis entry (already validated by the caller), which also records the first
 * device and its signing key. The server keeps the entry bytes so clients can fetch the chain; it
 * never holds anything password-derived.
 */
import type { Kysely } from 'kysely';
import { VaultError } from '../../shared/protocol/errors';
import type { Database } from './schema';

export interface NewAccount {
  readonly accountId: Uint8Array;
  readonly deviceId: Uint8Array;
  readonly signingKey: Uint8Array;
  readonly genesis: Uint8Array;
}

export interface DeviceRow {
  readonly signingKey: Uint8Array;
  readonly revoked: boolean;
}

/** Inserts the account, its first device and its genesis entry in one transaction; CONFLICT if taken. */
export async function createAccount(db: Kysely<Database>, account: NewAccount, now: number): Promise<void> {
  const id = Buffer.from(account.accountId);
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('accounts').values({ id, created_at: now }).execute();
      await trx
        .insertInto('devices')
        .values({ account_id: id, device_id: Buffer.from(account.deviceId), signing_key: Buffer.from(account.signingKey), revoked: 0 })
        .execute();
      await trx
        .insertInto('identity_chain_entries')
        .values({ account_id: id, seq: 0, entry: Buffer.from(account.genesis), entry_hash: id })
        .execute();
    });
  } catch (error) {
    const existing = await db.selectFrom('accounts').select('id').where('id', '=', id).executeTakeFirst();
    if (existing !== undefined) throw new VaultError('CONFLICT', 'account exists');
    throw error;
  }
}

/** The device of an account, or undefined when either is unknown. */
export async function findDevice(db: Kysely<Database>, accountId: Uint8Array, deviceId: Uint8Array): Promise<DeviceRow | undefined> {
  const row = await db
    .selectFrom('devices')
    .select(['signing_key', 'revoked'])
    .where('account_id', '=', Buffer.from(accountId))
    .where('device_id', '=', Buffer.from(deviceId))
    .executeTakeFirst();
  return row === undefined ? undefined : { signingKey: new Uint8Array(row.signing_key), revoked: row.revoked !== 0 };
}

/** Marks a device revoked: its sessions stop at once (each request re-checks the flag). */
export async function revokeDevice(db: Kysely<Database>, accountId: Uint8Array, deviceId: Uint8Array): Promise<void> {
  await db
    .updateTable('devices')
    .set({ revoked: 1 })
    .where('account_id', '=', Buffer.from(accountId))
    .where('device_id', '=', Buffer.from(deviceId))
    .execute();
}
