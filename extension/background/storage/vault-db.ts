/**
 * The IndexedDB adapter (through `idb`): one database per profile with a schema version and
 * ordered migrations. Everything stored is ciphertext or non-secret metadata:
 *
 * - `meta`: key-value records — the KDF parameters and wrapped bundle key, the sealed device bundle,
 *   sealed settings, the unlock-failure counter.
 * - `items`: one sealed record per item `{ id, rev, sealed }`; the id is random, the rest is AEAD.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export const DB_NAME = 'sealed-vault';
export const SCHEMA_VERSION = 1;

export interface StoredRecord {
  id: string;
  rev: number;
  sealed: Uint8Array;
}

interface VaultSchema extends DBSchema {
  meta: { key: string; value: unknown };
  items: { key: string; value: StoredRecord };
}

export type VaultDb = IDBPDatabase<VaultSchema>;

/** Migrations by target version; each runs once, in order, inside the upgrade transaction. */
const MIGRATIONS: Record<number, (db: IDBPDatabase<VaultSchema>) => void> = {
  1: (db) => {
    db.createObjectStore('meta');
    db.createObjectStore('items', { keyPath: 'id' });
  },
};

export function openVaultDb(name = DB_NAME): Promise<VaultDb> {
  return openDB<VaultSchema>(name, SCHEMA_VERSION, {
    upgrade(db, oldVersion) {
      for (let version = oldVersion + 1; version <= SCHEMA_VERSION; version++) MIGRATIONS[version]?.(db);
    },
  });
}
