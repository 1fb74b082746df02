/**
 * The server database's tables as Kysely types, one interface per table, named as in the
 * migrations. Bytes columns read back as `Buffer` (better-sqlite3 and pg alike); `bigint` columns
 * may read back as text on PostgreSQL, so readers convert them with `Number(...)`.
 * Kysely's own `kysely_migration` tables are not listed: only the Migrator touches them.
 */
import type { ColumnType } from 'kysely';

/** Facts about this server instance, one row per key (for example `instance_id`). */
export interface ServerMetaTable {
  key: string;
  value: string;
}

/** A nullable time (epoch ms) that inserts may leave out (migration 0006). */
export type OptionalTime = ColumnType<number | string | null, number | null | undefined, number | null>;

export interface AccountsTable {
  id: Buffer;
  created_at: number | string;
  /** Set while an operator has frozen the account (every authenticated request is 403 FROZEN). */
  frozen_at: OptionalTime;
  /** Set when the account was deleted but its identity chain is kept for others' collection chains. */
  deleted_at: OptionalTime;
}

export interface DevicesTable {
  account_id: Buffer;
  device_id: Buffer;
  signing_key: Buffer;
  /** 0 = trusted, 1 = revoked. */
  revoked: number;
  /** Set while an operator has frozen the device. */
  frozen_at: OptionalTime;
  /** The hour (epoch ms, rounded down) of the device's latest sign-in. */
  last_seen_at: OptionalTime;
}

export interface IdentityChainEntriesTable {
  account_id: Buffer;
  seq: number;
  entry: Buffer;
  entry_hash: Buffer;
}

export interface AuthChallengesTable {
  nonce: Buffer;
  account_id: Buffer;
  device_id: Buffer;
  expires_at: number | string;
  /** 0 = unused, 1 = used. */
  used: number;
}

export interface SessionsTable {
  token_hash: Buffer;
  account_id: Buffer;
  device_id: Buffer;
  expires_at: number | string;
}

export interface CollectionHeadsTable {
  collection_id: Buffer;
  /** The owner named by the collection chain's genesis (before migration 0004: the first appender). */
  account_id: Buffer;
  seq: number;
  head: Buffer;
}

export interface CollectionLogsTable {
  collection_id: Buffer;
  seq: number;
  batch_id: Buffer;
  head: Buffer;
  device_id: Buffer;
  counter: number;
  batch: Buffer;
  created_at: number | string;
}

/** A registered checkpoint manifest (migration 0007). */
export interface CollectionCheckpointsTable {
  collection_id: Buffer;
  seq: number;
  base_seq: number;
  device_id: Buffer;
  created_at: number | string;
}

export interface CollectionChainEntriesTable {
  collection_id: Buffer;
  seq: number;
  entry: Buffer;
  entry_hash: Buffer;
}

/** Current members after the collection chain's last entry (a mirror of shared/chains' state). */
export interface CollectionMembersTable {
  collection_id: Buffer;
  account_id: Buffer;
  /** owner, admin, editor or viewer. */
  role: string;
}

export interface HeartbeatsTable {
  account_id: Buffer;
  device_id: Buffer;
  /** The heartbeat's claimed time (epoch ms): only a newer one replaces it. */
  time: number | string;
  heartbeat: Buffer;
}

export interface RateLimitsTable {
  bucket: string;
  window_start: number | string;
  count: number;
}

/** A pairing relay mailbox (migration 0005): one per invite id, short-lived. */
export interface PairingMailboxesTable {
  invite_id: Buffer;
  created_at: number | string;
  expires_at: number | string;
  /** 0 = open, 1 = closed (no more posts). */
  closed: number;
  messages: number;
  bytes: number;
}

export interface PairingMessagesTable {
  invite_id: Buffer;
  seq: number;
  step: string;
  box: Buffer;
}

export interface Database {
  server_meta: ServerMetaTable;
  accounts: AccountsTable;
  devices: DevicesTable;
  identity_chain_entries: IdentityChainEntriesTable;
  auth_challenges: AuthChallengesTable;
  sessions: SessionsTable;
  collection_heads: CollectionHeadsTable;
  collection_logs: CollectionLogsTable;
  rate_limits: RateLimitsTable;
  collection_chain_entries: CollectionChainEntriesTable;
  collection_members: CollectionMembersTable;
  heartbeats: HeartbeatsTable;
  pairing_mailboxes: PairingMailboxesTable;
  pairing_messages: PairingMessagesTable;
  collection_checkpoints: CollectionCheckpointsTable;
}

/** Keys of `server_meta` the server writes. */
export const SERVER_META_KEYS = { instanceId: 'instance_id' } as const;
