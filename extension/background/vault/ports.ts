/**
 * The small interfaces the vault service works through, so that it runs on IndexedDB and
 * chrome.storage.session in the worker and on in-memory stores in Node tests.
 */
import type { ItemRecord } from '../../../shared/vault/item-record';
import type { VaultHeader } from '../../../shared/vault/vault-keys';

/** An item's sealed sync merge state; `rev` counts writes of this row, `pending` the unsent local delta. */
export interface StoredMergeState {
  id: string;
  rev: number;
  sealed: Uint8Array;
  pending?: Uint8Array;
}

/** Item records and merge states written together. */
export interface ItemWrite {
  records?: ItemRecord[];
  /** Item records to delete (their merge states stay: they carry the tombstone). */
  deletes?: string[];
  states?: StoredMergeState[];
}

export interface VaultStore {
  getHeader(): Promise<VaultHeader | undefined>;
  putHeader(header: VaultHeader): Promise<void>;
  allRecords(): Promise<ItemRecord[]>;
  putRecord(record: ItemRecord): Promise<void>;
  /** Writes all records in one transaction: all of them land, or none. */
  putRecords(records: ItemRecord[]): Promise<void>;
  deleteRecord(id: string): Promise<void>;
  /** Item records and merge states in one transaction: all of it lands, or none. */
  writeItems(write: ItemWrite): Promise<void>;
  /** The stored merge states of these items (every one when `ids` is absent); unknown ids are skipped. */
  mergeStates(ids?: readonly string[]): Promise<StoredMergeState[]>;
  /** In one transaction, drops `pending` of each listed state still at the given rev. */
  clearPending(done: readonly { id: string; rev: number }[]): Promise<void>;
  getMeta<T>(key: string): Promise<T | undefined>;
  putMeta(key: string, value: unknown): Promise<void>;
}

/** Where the unlocked bundle key lives between worker restarts: memory-only session storage. */
export interface SessionStore {
  load(): Promise<SessionState | null>;
  save(state: SessionState): Promise<void>;
  clear(): Promise<void>;
}

export interface SessionState {
  bundleKey: Uint8Array;
  /** Epoch ms after which the vault locks. */
  deadline: number;
}

export type Clock = () => number;
