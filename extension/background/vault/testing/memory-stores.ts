/**
 * In-memory vault and session stores for Node tests. They copy on read and write, as IndexedDB's
 * structured clone does, so a test cannot pass by sharing objects with the service.
 */
import type { ItemRecord } from '../../../../shared/vault/item-record';
import type { VaultHeader } from '../../../../shared/vault/vault-keys';
import type { SessionState, SessionStore, StoredMergeState, VaultStore } from '../ports';

export function memoryVaultStore(): VaultStore & { dump(): unknown[] } {
  const meta = new Map<string, unknown>();
  const items = new Map<string, ItemRecord>();
  const states = new Map<string, StoredMergeState>();
  return {
    async getHeader() {
      return structuredClone(meta.get('header')) as VaultHeader | undefined;
    },
    async putHeader(header) {
      meta.set('header', structuredClone(header));
    },
    async allRecords() {
      return [...items.values()].map((r) => structuredClone(r));
    },
    async putRecord(record) {
      items.set(record.id, structuredClone(record));
    },
    async putRecords(records) {
      for (const record of records) items.set(record.id, structuredClone(record));
    },
    async deleteRecord(id) {
      items.delete(id);
    },
    async writeItems(write) {
      for (const record of write.records ?? []) items.set(record.id, structuredClone(record));
      for (const id of write.deletes ?? []) items.delete(id);
      for (const state of write.states ?? []) states.set(state.id, structuredClone(state));
    },
    async mergeStates(ids) {
      const wanted = ids === undefined ? [...states.keys()] : ids;
      return wanted.flatMap((id) => {
        const state = states.get(id);
        return state === undefined ? [] : [structuredClone(state)];
      });
    },
    async clearPending(done) {
      for (const { id, rev } of done) {
        const state = states.get(id);
        if (state?.rev === rev) {
          const { pending: _pending, ...rest } = state;
          states.set(id, rest);
        }
      }
    },
    async getMeta<T>(key: string) {
      return structuredClone(meta.get(key)) as T | undefined;
    },
    async putMeta(key, value) {
      meta.set(key, structuredClone(value));
    },
    dump() {
      return [...meta.values(), ...items.values(), ...states.values()].map((v) => structuredClone(v));
    },
  };
}

export function memorySessionStore(): SessionStore {
  let state: SessionState | null = null;
  return {
    async load() {
      return state === null ? null : structuredClone(state);
    },
    async save(next) {
      state = structuredClone(next);
    },
    async clear() {
      state = null;
    },
  };
}
