/**
 * The vault store on IndexedDB: the header and counters in `meta`, one sealed record per item, and
 * beside it the item's sealed sync merge state (written with the item in one transaction).
 */
import type { ItemRecord } from '../../../shared/vault/item-record';
import type { VaultHeader } from '../../../shared/vault/vault-keys';
import type { StoredMergeState, VaultStore } from '../vault/ports';
import { openVaultDb, type VaultDb } from './vault-db';

export function indexedDbVaultStore(name?: string): VaultStore {
  let db: Promise<VaultDb> | undefined;
  const handle = () => (db ??= openVaultDb(name));
  return {
    async getHeader() {
      return (await (await handle()).get('meta', 'header')) as VaultHeader | undefined;
    },
    async putHeader(header) {
      await (await handle()).put('meta', header, 'header');
    },
    async allRecords() {
      return (await handle()).getAll('items');
    },
    async putRecord(record: ItemRecord) {
      await (await handle()).put('items', record);
    },
    async putRecords(records: ItemRecord[]) {
      const tx = (await handle()).transaction('items', 'readwrite');
      await Promise.all([...records.map((record) => tx.store.put(record)), tx.done]);
    },
    async deleteRecord(id) {
      await (await handle()).delete('items', id);
    },
    async writeItems(write) {
      const tx = (await handle()).transaction(['items', 'merge-states'], 'readwrite');
      const items = tx.objectStore('items');
      const states = tx.objectStore('merge-states');
      await Promise.all([
        ...(write.records ?? []).map((record) => items.put(record)),
        ...(write.deletes ?? []).map((id) => items.delete(id)),
        ...(write.states ?? []).map((state) => states.put(state)),
        tx.done,
      ]);
    },
    async mergeStates(ids) {
      const db = await handle();
      if (ids === undefined) return db.getAll('merge-states');
      const tx = db.transaction('merge-states');
      const found = await Promise.all(ids.map((id) => tx.store.get(id)));
      await tx.done;
      return found.filter((state): state is StoredMergeState => state !== undefined);
    },
    async clearPending(done) {
      const tx = (await handle()).transaction('merge-states', 'readwrite');
      await Promise.all([
        ...done.map(async ({ id, rev }) => {
          const state = await tx.store.get(id);
          if (state?.rev !== rev) return;
          const { pending: _pending, ...rest } = state;
          await tx.store.put(rest);
        }),
        tx.done,
      ]);
    },
    async getMeta<T>(key: string) {
      return (await (await handle()).get('meta', key)) as T | undefined;
    },
    async putMeta(key, value) {
      await (await handle()).put('meta', value, key);
    },
  };
}
