/**
 * The sync engine's `SyncStateStore` (shared/sync/engine/ports.ts) on IndexedDB: one row per
 * collection in the `sync-state` object store of the vault database (added by migration 2), keyed
 * by the collection's hex id. The value is the engine's plain structured-cloneable state (pins,
 * outbox of signed batch bytes, frozen state): it holds no plaintext secret. One `put` is one
 * transaction, so a save is atomic; a killed worker leaves the previous state or the new one.
 */
import type { SyncStateStore } from '../../../shared/sync/engine/ports';
import { openVaultDb, type VaultDb } from '../storage/vault-db';

export function indexedDbSyncStateStore<S>(name?: string): SyncStateStore<S> & { clear(): Promise<void> } {
  let db: Promise<VaultDb> | undefined;
  const handle = () => (db ??= openVaultDb(name));
  return {
    async load(collection) {
      return (await (await handle()).get('sync-state', collection)) as S | undefined;
    },
    async save(collection, state) {
      await (await handle()).put('sync-state', state, collection);
    },
    async list() {
      return (await (await handle()).getAllKeys('sync-state')).map(String);
    },
    async clear() {
      await (await handle()).clear('sync-state');
    },
  };
}
