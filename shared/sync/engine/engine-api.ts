/**
 * The public face of the client sync engine (DESIGN.md §6): what the extension's background calls
 * and what the popup's trust view shows. The engine itself is `createSyncEngine` (sync-engine.ts);
 * it reaches the world only through the ports (ports.ts). Collections are named by their hex id,
 * items by the vault's base64url item id (shared/vault/item-id.ts).
 */
import type { Stamp } from '../hlc';
import type { MergeState } from '../item-merge';
import type { FreezeCode, FrozenState, HexPosition } from './engine-state';
import type { DeviceKeys, Environment, Replica, SyncStateStore, SyncTransport } from './ports';
import type { CollectionSyncState } from './engine-state';
import type { CheckpointWritten } from './checkpoint-write';

/** One local change: the delta merge state of one item (new field versions and/or a tombstone). */
export interface ItemChange {
  readonly itemId: string;
  readonly delta: MergeState;
}

/** What `recordChanges` put in the outbox. */
export interface RecordedChanges {
  /** The counters of the batches signed (one, or several when over the batch size limit). */
  readonly counters: readonly number[];
  readonly pending: number;
}

export type SyncOutcome = 'ok' | 'frozen' | 'offline';

export interface SyncReport {
  readonly status: SyncOutcome;
  /** The freezing state when frozen. */
  readonly state?: FreezeCode;
  /** Batches verified and applied during this call. */
  readonly pulled: number;
  /** Batches the server acknowledged during this call. */
  readonly pushed: number;
  /** Outbox entries not yet confirmed by a pull. */
  readonly pending: number;
  /** Records quarantined during this call (BAD_RECORD). */
  readonly quarantined: number;
  /**
   * Seqs of entries of this device's identity chain signed by the recovery key that this call saw
   * first (absent when none): someone used the recovery kit, an alert to show on every device.
   */
  readonly recoverySigned?: readonly number[];
  /**
   * The highest seq of this log that a verified heartbeat of a peer device reports beyond this
   * device's pinned seq (absent when none): the server had not served those entries yet. Repeated
   * while the pinned seq stays put, it is a stalled sequence (a security event in the extension).
   */
  readonly peersAhead?: number;
  readonly lastSyncAt: number | null;
  /** When the next push may be tried (backoff), if an outbox entry waits. */
  readonly retryAt: number | null;
}

export interface SyncStatus {
  readonly collection: string;
  readonly lastSyncAt: number | null;
  readonly pending: number;
  readonly frozen: FrozenState | null;
  readonly quarantined: number;
  readonly log: HexPosition;
  /** The state code of this collection alone (see `stateCode`). */
  readonly stateCode: string;
  readonly repins: number;
}

export interface SyncEngineOptions {
  /** STALE after this much silence from a peer device; default 14 days. */
  readonly staleAfterMs?: number;
  /** This device's heartbeat at most this often; default one hour. */
  readonly heartbeatEveryMs?: number;
  /** Push backoff: min(baseMs · 2^(attempts−1), capMs) · (0.5 + random/2). Defaults 2 s and 15 min. */
  readonly backoffBaseMs?: number;
  readonly backoffCapMs?: number;
  /** Changes asked per page (the server's default when absent). */
  readonly pageLimit?: number;
  /**
   * Write a checkpoint after a sync once the log grew by this many entries past the newest
   * checkpoint the server names (absent: only on demand). docs/decisions/008-compact-checkpoints.md
   */
  readonly checkpointEvery?: number;
  /** Tombstones and history versions older than this leave a checkpoint; default 90 days. */
  readonly retentionMs?: number;
}

export interface SyncPorts<S = CollectionSyncState> {
  readonly transport: SyncTransport;
  readonly store: SyncStateStore<S>;
  readonly replica: Replica;
  readonly keys: DeviceKeys;
  readonly env: Environment;
}

export interface SyncEngine {
  /** The next HLC stamp of this device in `collection`: stamp every local edit with it. */
  stamp(collection: string): Promise<Stamp>;
  /**
   * Seal `changes` (already applied to the replica by the caller) into one signed batch (several
   * when over the size limit) and put it in the outbox. Refused while the collection is frozen.
   */
  recordChanges(collection: string, changes: readonly ItemChange[]): Promise<RecordedChanges>;
  /** Pull chains and log, verify, apply, push the outbox, exchange heartbeats. */
  sync(collection: string): Promise<SyncReport>;
  /**
   * Sign one batch with no record in the current epoch into the outbox (epoch-marker.ts): after a
   * rotation with nothing to re-encrypt, it moves every reader past the revocation.
   */
  markEpoch(collection: string): Promise<RecordedChanges>;
  /** Local status, no network. */
  status(collection: string): Promise<SyncStatus>;
  /** A short code over the identity chain head and each collection's pinned heads. */
  stateCode(collections: readonly string[]): Promise<string>;
  /** The user's approval: re-pin a frozen collection to what the server shows now, log it, unfreeze. */
  approveRepin(collection: string): Promise<SyncReport>;
  /**
   * Create this device's personal collection: the collection genesis sealing `key` (epoch 0) to the
   * owner's current user key, appended through the transport and pinned. The caller keeps `key`
   * in its bundle so `keys.epochKey(collection, 0)` returns it. Returns the hex collection id.
   */
  createPersonalCollection(key: Uint8Array, collectionId?: Uint8Array): Promise<string>;
  /**
   * Sync, then write, push and register a checkpoint of `collection` at the pinned position
   * (checkpoint-write.ts). Refused while frozen or when this device may not write.
   */
  writeCheckpoint(collection: string): Promise<CheckpointWritten>;
}
