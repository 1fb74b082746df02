/**
 * The IndexedDB adapter (through `idb`): one database per profile with a schema version and
 * ordered migrations. Everything stored is ciphertext or non-secret metadata:
 *
 * - `meta`: key-value records — the KDF parameters and wrapped bundle key, the sealed device bundle,
 *   sealed settings, the unlock-failure counter, the sealed sync account, the hybrid logical clock.
 * - `items`: one sealed record per item `{ id, rev, sealed }`; the id is random, the rest is AEAD.
 * - `merge-states` (v2): per item, its sync merge state sealed with the collection key
 *   `{ id, rev, sealed, pending? }` (shared/vault/merge-state-record.ts); `pending` is the sealed
 *   local delta not yet handed to the sync engine. Kept after an item is deleted (its tombstone).
 * - `sync-state` (v2): the sync engine's own state per collection (hex id → plain data holding no
 *   plaintext secret: pins, outbox of signed batch bytes, frozen state).
 *
 * A migration only adds stores: data written by an older version stays as it was.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export const DB_NAME = 'sealed-vault';
export const SCHEMA_VERSION = 2;

export interface StoredRecord {
  id: string;
  rev: number;
  sealed: Uint8Array;
}

/** An item's sealed merge state; `rev` counts writes of this row, `pending` the unsent local delta. */
export interface StoredMergeState {
  id: string;
  rev: number;
  sealed: Uint8Array;
  pending?: Uint8Array;
}

interface VaultSchema extends DBSchema {
  meta: { key: string; value: unknown };
  items: { key: string; value: StoredRecord };
  'merge-states': { key: string; value: StoredMergeState };
  'sync-state': { key: string; value: unknown };
}

export type VaultDb = IDBPDatabase<VaultSchema>;

/** Migrations by target version; each runs once, in order, inside the upgrade transaction. */
const MIGRATIONS: Record<number, (db: IDBPDatabase<VaultSchema>) => void> = {
  1: (db) => {
    db.createObjectStore('meta');
    db.createObjectStore('items', { keyPath: 'id' });
  },
  2: (db) => {
    db.createObjectStore('merge-states', { keyPath: 'id' });
    db.createObjectStore('sync-state');
  },
};

export function openVaultDb(name = DB_NAME): Promise<VaultDb> {
  return openDB<VaultSchema>(name, SCHEMA_VERSION, {
    upgrade(db, oldVersion) {
      for (let version = oldVersion + 1; version <= SCHEMA_VERSION; version++) MIGRATIONS[version]?.(db);
    },
  });
}
