/**
 * When each login was last filled, so candidates come most-recent first. Kept beside the vault
 * rather than in the item (a fill is not an edit: it must not bump revisions or sync). Holds item
 * ids and times only, no names or URLs; the worker stores it in chrome.storage.local.
 */
export interface LastUsedStore {
  load(): Promise<Record<string, number>>;
  save(map: Record<string, number>): Promise<void>;
}

/** Ids beyond this many are dropped oldest first, so the map cannot grow without bound. */
const MAX_ENTRIES = 5_000;

export function lastUsedMap(store: LastUsedStore, now: () => number) {
  let map: Record<string, number> | null = null;
  const ready = async (): Promise<Record<string, number>> => (map ??= await store.load().catch((): Record<string, number> => ({})));
  return {
    async snapshot(): Promise<(id: string) => number> {
      const current = await ready();
      return (id) => current[id] ?? 0;
    },
    async touch(id: string): Promise<void> {
      const current = await ready();
      current[id] = now();
      const ids = Object.keys(current);
      if (ids.length > MAX_ENTRIES) {
        ids.sort((a, b) => (current[a] ?? 0) - (current[b] ?? 0));
        for (const old of ids.slice(0, ids.length - MAX_ENTRIES)) delete current[old];
      }
      await store.save(current);
    },
  };
}

export type LastUsedMap = ReturnType<typeof lastUsedMap>;
