/**
 * Where scheduled backups are kept (docs/backups.md "Where a backup lives"): a database of their own
 * in this profile's IndexedDB (`sealed-vault-backups`, separate from the vault's so that no vault
 * migration or sync write touches it). Each row holds the backup file's bytes, sealed under the
 * backup password (shared/vault/backup/backup-file.ts), and its non-secret header facts.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export interface StoredBackup {
  id: string;
  createdAt: number;
  count: number;
  bytes: Uint8Array;
}

export interface BackupStore {
  list(): Promise<StoredBackup[]>;
  get(id: string): Promise<StoredBackup | undefined>;
  put(backup: StoredBackup): Promise<void>;
  delete(id: string): Promise<void>;
}

interface BackupSchema extends DBSchema {
  backups: { key: string; value: StoredBackup };
}

export function indexedDbBackupStore(name = 'sealed-vault-backups'): BackupStore {
  let db: Promise<IDBPDatabase<BackupSchema>> | null = null;
  const open = () =>
    (db ??= openDB<BackupSchema>(name, 1, {
      upgrade(database) {
        database.createObjectStore('backups', { keyPath: 'id' });
      },
    }));
  return {
    async list() {
      return (await (await open()).getAll('backups')).sort((a, b) => b.createdAt - a.createdAt);
    },
    async get(id) {
      return (await open()).get('backups', id);
    },
    async put(backup) {
      await (await open()).put('backups', backup);
    },
    async delete(id) {
      await (await open()).delete('backups', id);
    },
  };
}

/** The same in memory, copying like IndexedDB's structured clone (Node tests). */
export function memoryBackupStore(): BackupStore {
  const rows = new Map<string, StoredBackup>();
  return {
    async list() {
      return [...rows.values()].map((r) => structuredClone(r)).sort((a, b) => b.createdAt - a.createdAt);
    },
    async get(id) {
      return structuredClone(rows.get(id));
    },
    async put(backup) {
      rows.set(backup.id, structuredClone(backup));
    },
    async delete(id) {
      rows.delete(id);
    },
  };
}
