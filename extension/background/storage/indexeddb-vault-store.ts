/**
 * The vault store on IndexedDB: the header and counters in `meta`, one sealed record per item.
 */
import type { ItemRecord } from '../../../shared/vault/item-record';
import type { VaultHeader } from '../../../shared/vault/vault-keys';
import type { VaultStore } from '../vault/ports';
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
    async getMeta<T>(key: string) {
      return (await (await handle()).get('meta', key)) as T | undefined;
    },
    async putMeta(key, value) {
      await (await handle()).put('meta', value, key);
    },
  };
}
