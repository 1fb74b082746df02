/**
 * The ports of the sync engine (DESIGN.md §6): everything the pure engine in this folder needs from
 * the outside world, as small interfaces. The extension's background implements them over fetch,
 * IndexedDB and the unlocked device bundle (extension/background/sync/); Node tests implement them
 * over the real server (HTTPS) or in memory. Nothing here knows chrome.*, the DOM or Node.
 *
 * Errors: a transport method throws a VaultError: UNAVAILABLE for a network failure or a 5xx (the
 * engine retries with backoff), CONFLICT for a 409 (a chain head moved, or a taken batch counter),
 * UNAUTHORIZED for a 401 (the device was revoked or its session ended), RATE_LIMITED, and the
 * server's other codes as they come.
 */
import type { Position } from '../batch';
import type { MergeState } from '../item-merge';

/** A chain as served from a position: exact entry bytes in order, and the hash of the last entry. */
export interface ChainPage {
  readonly entries: readonly Uint8Array[];
  readonly head: Uint8Array;
}

/**
 * One log entry as the server serves it. A row compacted into a checkpoint has no bytes (`batch`
 * is empty) and carries its `batchId` instead (docs/decisions/008-compact-checkpoints.md).
 */
export interface ServedChange {
  readonly seq: number;
  readonly head: Uint8Array;
  readonly batch: Uint8Array;
  readonly batchId?: Uint8Array;
}

/** A checkpoint the server names: the seq of its manifest batch and the log seq it covers. */
export interface CheckpointRef {
  readonly seq: number;
  readonly base: number;
}

export interface ChangesPage {
  readonly changes: readonly ServedChange[];
  /** The `since` of the next page, when more remain. */
  readonly next?: number;
  /** The newest checkpoint the server registered (a hint; verified before use). */
  readonly checkpoint?: CheckpointRef;
}

/** The sync server, as seen by one authenticated device. Ids are raw bytes. */
export interface SyncTransport {
  /** Identity chain entries from seq `from` (0 = genesis). */
  identityChain(identity: Uint8Array, from: number): Promise<ChainPage>;
  /** Compare-and-swap append: CONFLICT when `prev` is not the server's head. */
  appendIdentityEntry(identity: Uint8Array, entry: Uint8Array, prev: Uint8Array): Promise<Position>;
  /** Collection chain entries from seq `from` (0 = genesis). */
  collectionChain(collection: Uint8Array, from: number): Promise<ChainPage>;
  /** Compare-and-swap append; a genesis is appended with `prev` = 32 zero bytes. */
  appendCollectionEntry(collection: Uint8Array, entry: Uint8Array, prev: Uint8Array): Promise<Position>;
  /** Log entries with seq > since, in order, one page. */
  changes(collection: Uint8Array, since: number, limit?: number): Promise<ChangesPage>;
  /** Append one signed batch of this device; the same bytes again answer the same position. */
  appendBatch(collection: Uint8Array, batch: Uint8Array, counter: number): Promise<Position>;
  /** Register this device's batch at `seq` as a checkpoint manifest (absent: checkpoints are not written). */
  registerCheckpoint?(collection: Uint8Array, seq: number): Promise<CheckpointRef>;
  /** Store this device's newest signed heartbeat. */
  putHeartbeat(heartbeat: Uint8Array): Promise<void>;
  /** The newest stored heartbeat of every device of `identity`. */
  heartbeats(identity: Uint8Array): Promise<readonly Uint8Array[]>;
}

/**
 * Where the engine keeps its own state per collection (pinned log, chain pins, own run, outbox of
 * signed batch bytes, frozen state, quarantine, last sync). The value is plain structured-cloneable
 * data (objects, arrays, strings, numbers, Uint8Array) and holds no plaintext secret: records in
 * the outbox are sealed. `save` is atomic.
 */
export interface SyncStateStore<S> {
  load(collection: string): Promise<S | undefined>;
  save(collection: string, state: S): Promise<void>;
  /** Every collection with stored state (hex ids). */
  list(): Promise<string[]>;
}

/** The device's local items, as merge states (shared/sync/item-merge.ts), per collection (hex id). */
export interface Replica {
  /** Current merge states of these items; an item never seen is absent from the map. */
  states(collection: string, itemIds: readonly string[]): Promise<Map<string, MergeState>>;
  /**
   * Persist merged states (and the items they show) in one transaction. Called only with records
   * of verified batches that opened (`view()` of a state tells deleted, restored and history).
   */
  apply(collection: string, merged: ReadonlyMap<string, MergeState>): Promise<void>;
  /** Every item's merge state (to write a checkpoint); absent: this device writes no checkpoint. */
  all?(collection: string): Promise<Map<string, MergeState>>;
}

/** This device and the keys it holds while unlocked. */
export interface DeviceKeys {
  readonly identity: Uint8Array;
  readonly device: Uint8Array;
  /** Ed25519 seed and public key of this device. */
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
  /** The key of `epoch` of `collection` (hex id), or null when this device does not hold it. */
  epochKey(collection: string, epoch: number): Uint8Array | null;
  /** The newest epoch of `collection` this device holds a key for, or null. */
  currentEpoch(collection: string): number | null;
  /** This device's sealed profile for its heartbeat (shared/devices/device-profile.ts), if any. */
  profile?(): Uint8Array | undefined;
  /** True when the profile changed since the last heartbeat sent (a rename): send one now. */
  profileChanged?(): boolean;
  /** Told after a heartbeat carrying the profile was stored. */
  profileSent?(): void;
}

/** Wall clock and randomness, injected so tests can skew clocks and replay schedules. */
export interface Environment {
  now(): number;
  /** A number in [0, 1) for backoff jitter. */
  random(): number;
}
