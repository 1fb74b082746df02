/**
 * Challenges and sessions in the server database (DESIGN.md §6 Server API), so several server
 * processes share them. A challenge nonce is bound to (account, device), expires after 60 s and is
 * consumed by its first use, successful or not. A session stores only the SHA-256 of its bearer
 * token; looking one up re-checks the device's revoked flag, so revocation ends sessions at once,
 * and the account's and device's frozen marks (an operator's freeze, migration 0006).
 */
import type { Kysely } from 'kysely';
import { sha256 } from '../../shared/crypto/hash';
import type { Database } from './schema';

export interface Challenge {
  readonly nonce: Uint8Array;
  readonly accountId: Uint8Array;
  readonly deviceId: Uint8Array;
  readonly expiresAt: number;
}

export interface Session {
  readonly accountId: Uint8Array;
  readonly deviceId: Uint8Array;
}

export async function storeChallenge(db: Kysely<Database>, challenge: Challenge, now: number): Promise<void> {
  await db.deleteFrom('auth_challenges').where('expires_at', '<', now).execute();
  await db
    .insertInto('auth_challenges')
    .values({
      nonce: Buffer.from(challenge.nonce),
      account_id: Buffer.from(challenge.accountId),
      device_id: Buffer.from(challenge.deviceId),
      expires_at: challenge.expiresAt,
      used: 0,
    })
    .execute();
}

/**
 * Marks the nonce used; true only when it was issued for this account and device, unused and
 * unexpired. One conditional update, so two concurrent uses cannot both succeed.
 */
export async function consumeChallenge(
  db: Kysely<Database>,
  nonce: Uint8Array,
  accountId: Uint8Array,
  deviceId: Uint8Array,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('auth_challenges')
    .set({ used: 1 })
    .where('nonce', '=', Buffer.from(nonce))
    .where('account_id', '=', Buffer.from(accountId))
    .where('device_id', '=', Buffer.from(deviceId))
    .where('used', '=', 0)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) {
    await db.updateTable('auth_challenges').set({ used: 1 }).where('nonce', '=', Buffer.from(nonce)).execute();
    return false;
  }
  return true;
}

export async function storeSession(db: Kysely<Database>, token: Uint8Array, session: Session, expiresAt: number, now: number): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
  await db
    .insertInto('sessions')
    .values({
      token_hash: Buffer.from(sha256(token)),
      account_id: Buffer.from(session.accountId),
      device_id: Buffer.from(session.deviceId),
      expires_at: expiresAt,
    })
    .execute();
}

/** A live session and whether an operator froze its account or device (migration 0006). */
export interface SessionStatus extends Session {
  readonly frozen: boolean;
}

/** The session of a bearer token if it is unexpired and its device is not revoked, frozen or not. */
export async function lookupSession(db: Kysely<Database>, token: Uint8Array, now: number): Promise<SessionStatus | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('devices', (join) =>
      join.onRef('devices.account_id', '=', 'sessions.account_id').onRef('devices.device_id', '=', 'sessions.device_id'),
    )
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .select(['sessions.account_id', 'sessions.device_id', 'devices.frozen_at as device_frozen', 'accounts.frozen_at as account_frozen'])
    .where('sessions.token_hash', '=', Buffer.from(sha256(token)))
    .where('sessions.expires_at', '>', now)
    .where('devices.revoked', '=', 0)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    accountId: new Uint8Array(row.account_id),
    deviceId: new Uint8Array(row.device_id),
    frozen: row.device_frozen !== null || row.account_frozen !== null,
  };
}

/** The session of a bearer token if it is unexpired, its device is not revoked and nothing is frozen. */
export async function findSession(db: Kysely<Database>, token: Uint8Array, now: number): Promise<Session | undefined> {
  const status = await lookupSession(db, token, now);
  return status === undefined || status.frozen ? undefined : { accountId: status.accountId, deviceId: status.deviceId };
}
