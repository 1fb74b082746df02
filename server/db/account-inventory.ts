/**
 * Everything the server database holds about one account, read in one place for the account's own
 * "my server data" view (`GET /v1/accounts/:id/data`) and the operator's export (`npm run admin --
 * export`): the account row, its identity chain, devices, live sessions and pending challenges (as
 * counts: only hashes and nonces are stored), heartbeats, its devices' rate-limit windows, and every
 * collection it is a member of or created, with the size of their chains and logs. Bytes stay
 * bytes here; the presenters encode them.
 */
import { sql, type Kysely } from 'kysely';
import { deviceBucket } from '../http/rate-limits';
import type { DatabaseKind, VaultDatabase } from './open-database';
import { bucketHash } from './rate-limit';
import type { Database } from './schema';

export interface InventoryDevice {
  readonly deviceId: Uint8Array;
  readonly signingKey: Uint8Array;
  readonly revoked: boolean;
  readonly frozenAt: number | null;
  readonly lastSeenHour: number | null;
}

export interface InventoryCollection {
  readonly collectionId: Uint8Array;
  readonly role: string | null;
  readonly createdByAccount: boolean;
  readonly members: number;
  readonly chainEntries: number;
  readonly chainBytes: number;
  readonly batches: number;
  readonly logBytes: number;
  readonly batchesByAccount: number;
  readonly seq: number;
  readonly head: Uint8Array;
}

export interface AccountInventory {
  readonly account: { readonly id: Uint8Array; readonly createdAt: number; readonly frozenAt: number | null; readonly deletedAt: number | null };
  readonly identityChain: { readonly entries: Uint8Array[]; readonly head: Uint8Array };
  readonly devices: InventoryDevice[];
  readonly sessions: { readonly active: number; readonly latestExpiry: number | null };
  readonly challenges: { readonly pending: number };
  readonly heartbeats: { readonly deviceId: Uint8Array; readonly time: number; readonly bytes: Uint8Array }[];
  readonly rateLimits: { readonly deviceId: Uint8Array; readonly windowStart: number; readonly count: number }[];
  readonly collections: InventoryCollection[];
}

const nullableNumber = (value: number | string | null): number | null => (value === null ? null : Number(value));

/** The byte length of a bytes column, in either dialect. */
export function byteLength(kind: DatabaseKind, column: string) {
  return kind === 'sqlite' ? sql<number | string>`length(${sql.ref(column)})` : sql<number | string>`octet_length(${sql.ref(column)})`;
}

/** The stored rate-limit bucket of each device, by that hash. */
export function deviceBuckets(accountId: Uint8Array, deviceIds: readonly Uint8Array[]): Map<string, Uint8Array> {
  return new Map(deviceIds.map((deviceId) => [bucketHash(deviceBucket(accountId, deviceId)), deviceId]));
}

export async function readAccountInventory(database: VaultDatabase, accountId: Uint8Array, now: number): Promise<AccountInventory | undefined> {
  const db = database.db;
  const id = Buffer.from(accountId);
  const account = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  if (account === undefined) return undefined;
  const chain = await db.selectFrom('identity_chain_entries').select(['entry', 'entry_hash']).where('account_id', '=', id).orderBy('seq').execute();
  const devices = await readDevices(db, id);
  return {
    account: { id: accountId, createdAt: Number(account.created_at), frozenAt: nullableNumber(account.frozen_at), deletedAt: nullableNumber(account.deleted_at) },
    identityChain: { entries: chain.map((row) => new Uint8Array(row.entry)), head: new Uint8Array(chain.at(-1)?.entry_hash ?? new Uint8Array(32)) },
    devices,
    sessions: await readSessions(db, id, now),
    challenges: await readChallenges(db, id, now),
    heartbeats: await readHeartbeatRows(db, id),
    rateLimits: await readRateLimits(db, accountId, devices.map((device) => device.deviceId)),
    collections: await readCollections(database, id, devices.map((device) => Buffer.from(device.deviceId))),
  };
}

async function readDevices(db: Kysely<Database>, id: Buffer): Promise<InventoryDevice[]> {
  const rows = await db.selectFrom('devices').selectAll().where('account_id', '=', id).orderBy('device_id').execute();
  return rows.map((row) => ({
    deviceId: new Uint8Array(row.device_id),
    signingKey: new Uint8Array(row.signing_key),
    revoked: row.revoked !== 0,
    frozenAt: nullableNumber(row.frozen_at),
    lastSeenHour: nullableNumber(row.last_seen_at),
  }));
}

async function readSessions(db: Kysely<Database>, id: Buffer, now: number) {
  const row = await db
    .selectFrom('sessions')
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('expires_at').as('latest')])
    .where('account_id', '=', id)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return { active: Number(row.n), latestExpiry: nullableNumber(row.latest) };
}

async function readChallenges(db: Kysely<Database>, id: Buffer, now: number) {
  const row = await db
    .selectFrom('auth_challenges')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('account_id', '=', id)
    .where('used', '=', 0)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return { pending: Number(row.n) };
}

async function readHeartbeatRows(db: Kysely<Database>, id: Buffer) {
  const rows = await db.selectFrom('heartbeats').select(['device_id', 'time', 'heartbeat']).where('account_id', '=', id).orderBy('device_id').execute();
  return rows.map((row) => ({ deviceId: new Uint8Array(row.device_id), time: Number(row.time), bytes: new Uint8Array(row.heartbeat) }));
}

async function readRateLimits(db: Kysely<Database>, accountId: Uint8Array, deviceIds: readonly Uint8Array[]) {
  const buckets = deviceBuckets(accountId, deviceIds);
  if (buckets.size === 0) return [];
  const rows = await db.selectFrom('rate_limits').selectAll().where('bucket', 'in', [...buckets.keys()]).orderBy('bucket').execute();
  return rows.map((row) => ({ deviceId: buckets.get(row.bucket) ?? new Uint8Array(16), windowStart: Number(row.window_start), count: row.count }));
}

/** Every collection the account is a member of or created (its genesis names the account as owner). */
export async function collectionsOf(db: Kysely<Database>, id: Buffer): Promise<Map<string, { collectionId: Buffer; role: string | null; createdByAccount: boolean }>> {
  const found = new Map<string, { collectionId: Buffer; role: string | null; createdByAccount: boolean }>();
  const memberships = await db.selectFrom('collection_members').select(['collection_id', 'role']).where('account_id', '=', id).execute();
  for (const row of memberships) found.set(row.collection_id.toString('hex'), { collectionId: row.collection_id, role: row.role, createdByAccount: false });
  const created = await db.selectFrom('collection_heads').select('collection_id').where('account_id', '=', id).execute();
  for (const row of created) {
    const key = row.collection_id.toString('hex');
    found.set(key, { collectionId: row.collection_id, role: found.get(key)?.role ?? null, createdByAccount: true });
  }
  return found;
}

async function readCollections(database: VaultDatabase, id: Buffer, deviceIds: readonly Buffer[]): Promise<InventoryCollection[]> {
  const db = database.db;
  const result: InventoryCollection[] = [];
  const found = [...(await collectionsOf(db, id)).values()].sort((a, b) => Buffer.compare(a.collectionId, b.collectionId));
  for (const { collectionId, role, createdByAccount } of found) {
    const head = await db.selectFrom('collection_heads').select(['seq', 'head']).where('collection_id', '=', collectionId).executeTakeFirstOrThrow();
    const members = await db.selectFrom('collection_members').select((eb) => eb.fn.countAll<number | string>().as('n')).where('collection_id', '=', collectionId).executeTakeFirstOrThrow();
    const chain = await db
      .selectFrom('collection_chain_entries')
      .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.sum<number | string | null>(byteLength(database.kind, 'entry')).as('bytes')])
      .where('collection_id', '=', collectionId)
      .executeTakeFirstOrThrow();
    const log = await db
      .selectFrom('collection_logs')
      .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.sum<number | string | null>(byteLength(database.kind, 'batch')).as('bytes')])
      .where('collection_id', '=', collectionId)
      .executeTakeFirstOrThrow();
    const mine = deviceIds.length === 0 ? { n: 0 } : await db
      .selectFrom('collection_logs')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('collection_id', '=', collectionId)
      .where('device_id', 'in', deviceIds)
      .executeTakeFirstOrThrow();
    result.push({
      collectionId: new Uint8Array(collectionId),
      role,
      createdByAccount,
      members: Number(members.n),
      chainEntries: Number(chain.n),
      chainBytes: Number(chain.bytes ?? 0),
      batches: Number(log.n),
      logBytes: Number(log.bytes ?? 0),
      batchesByAccount: Number(mine.n),
      seq: Number(head.seq),
      head: new Uint8Array(head.head),
    });
  }
  return result;
}
