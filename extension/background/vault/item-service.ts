/**
 * The items of the unlocked vault: decrypted once per unlock into memory (never into storage),
 * searched in memory, and written back one sealed record per item. Locking drops the cache.
 *
 * Saving a draft validates it, keeps changed secrets in the item's history (shared/vault), bumps the
 * record's revision and re-seals; trash and restore are edits too; delete is only for trashed items.
 *
 * Sync (docs/sync-extension.md): once the vault has a sync account, `sync.stamp()` gives each local
 * change a hybrid-logical-clock stamp and the change's field-level delta is stored, sealed, beside
 * the record in the same transaction (item-changes.ts); `sync.changed()` then tells the sync
 * service. The sync engine reads and applies merge states through `replicaStates`/`applyMerged`.
 * Writes run one at a time, so a merge never interleaves with a local edit of the same item.
 */
import { matchLogin } from '../../../shared/autofill/matching';
import { VaultError } from '../../../shared/protocol/errors';
import type { ItemSummaryView } from '../../../shared/protocol/items';
import { applyEdit, createItem } from '../../../shared/vault/edit-item';
import { openItem, type CollectionKey, type ItemRecord } from '../../../shared/vault/item-record';
import { openSnapshot, sealSnapshot } from '../../../shared/vault/item-snapshot';
import type { Item, ItemDraft, LoginItem } from '../../../shared/vault/item-types';
import { createSearchIndex, type SearchIndex } from '../../../shared/vault/search';
import { searchEntryOf, summarize, type ItemSummary } from '../../../shared/vault/item-summary';
import { restoreItem, trashItem } from '../../../shared/vault/trash';
import { personalCollectionKey } from '../../../shared/vault/vault-keys';
import { randomBytes } from '../../../shared/crypto/random';
import type { Stamp } from '../../../shared/sync/hlc';
import type { MergeState } from '../../../shared/sync/item-merge';
import { openMergeState } from '../../../shared/vault/merge-state-record';
import { localWrite, mergedWrite, seedWrite, type ItemChange } from './item-changes';
import type { Clock, VaultStore } from './ports';
import type { VaultSession } from './vault-session';
import { passwordFlagger } from './password-flags';
import type { PasswordFlags } from '../../../shared/vault/strength';

interface Entry {
  item: Item;
  rev: number;
}

interface Loaded {
  key: CollectionKey;
  entries: Map<string, Entry>;
  index: SearchIndex;
  flags: PasswordFlags;
  /** Records that did not open: kept untouched in storage, reported, never overwritten. */
  quarantined: string[];
}

export type Scope = 'all' | 'favourites' | 'trash';

const SNAPSHOT_KEY = 'item-snapshot';

/** What the item service needs from sync; absent in tests without sync. */
export interface ItemSyncHooks {
  /** A stamp for a local change, or null while the vault has no sync account (no states kept). */
  stamp(): Promise<Stamp | null>;
  /** Local changes were stored with their deltas. */
  changed(): void;
}

export interface ItemServiceDeps {
  vault: VaultSession;
  store: VaultStore;
  now: Clock;
  sync?: ItemSyncHooks;
  /** How long after the last change the snapshot cache is rewritten (default 1.5 s). */
  snapshotDelayMs?: number;
}

/** Items from the snapshot where it holds the record's exact revision; every other record opened on its own. */
async function readEntries(store: VaultStore, key: CollectionKey, records: ItemRecord[]) {
  const sealed = await store.getMeta<Uint8Array>(SNAPSHOT_KEY);
  const cached = sealed instanceof Uint8Array ? openSnapshot(key, sealed) : null;
  const entries = new Map<string, Entry>();
  const quarantined: string[] = [];
  let fromCache = 0;
  for (const record of records) {
    const hit = cached?.get(record.id);
    if (hit !== undefined && hit.rev === record.rev) {
      entries.set(record.id, hit);
      fromCache++;
      continue;
    }
    try {
      entries.set(record.id, { item: openItem(key, record), rev: record.rev });
    } catch {
      quarantined.push(record.id);
    }
  }
  // Stale when any item came from its record, or the snapshot holds items that are gone.
  return { entries, quarantined, stale: cached === null || fromCache !== entries.size || cached.size !== fromCache };
}

export function itemService(deps: ItemServiceDeps) {
  let loaded: Promise<Loaded> | null = null;
  let snapshotTimer: ReturnType<typeof setTimeout> | undefined;

  /** Rewrites the snapshot cache a little after the last change (a lost write only costs speed). */
  function scheduleSnapshot(state: Loaded): void {
    clearTimeout(snapshotTimer);
    const mine = loaded;
    snapshotTimer = setTimeout(() => {
      if (loaded !== mine) return;
      void deps.store.putMeta(SNAPSHOT_KEY, sealSnapshot(state.key, state.entries.values()));
    }, deps.snapshotDelayMs ?? 1500);
  }
  const flagger = passwordFlagger();
  deps.vault.onChange((open) => {
    if (open !== null) return;
    loaded = null;
    flagger.clear();
  });

  /** Recompute weak/reused flags and re-index the items whose flags changed. */
  function refreshFlags(state: Loaded): void {
    const next = flagger.flags([...state.entries.values()].map((e) => e.item));
    for (const { item } of state.entries.values()) {
      if ((state.flags.get(item.id) ?? []).join() !== (next.get(item.id) ?? []).join()) {
        state.index.upsert(searchEntryOf(item, deps.now(), next));
      }
    }
    state.flags = next;
  }

  async function load(): Promise<Loaded> {
    const open = await deps.vault.require();
    loaded ??= (async () => {
      const key = personalCollectionKey(open);
      const { entries, quarantined, stale } = await readEntries(deps.store, key, await deps.store.allRecords());
      const flags: PasswordFlags = new Map();
      const index = createSearchIndex([...entries.values()].map((e) => searchEntryOf(e.item, deps.now(), flags)));
      const state: Loaded = { key, entries, index, flags, quarantined };
      const mine = loaded;
      void flagger
        .warm([...entries.values()].map((e) => e.item), () => loaded === mine)
        .then(() => (loaded === mine ? refreshFlags(state) : undefined));
      if (stale) queueMicrotask(() => scheduleSnapshot(state));
      return state;
    })();
    try {
      return await loaded;
    } catch (error) {
      loaded = null;
      throw error;
    }
  }

  let queue: Promise<unknown> = Promise.resolve();
  /** Runs writes one after another (a failed one does not block the next). */
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  }

  /** Stores changes (records, and merge states when syncing) in one transaction, then the cache. */
  async function commit(state: Loaded, changes: ItemChange[]): Promise<void> {
    const stamp = (await deps.sync?.stamp()) ?? null;
    const stored = stamp === null ? [] : await deps.store.mergeStates(changes.map((c) => c.id));
    await deps.store.writeItems(localWrite(state.key, changes, stamp, stored));
    for (const change of changes) {
      if (change.after === null) {
        state.entries.delete(change.id);
        state.index.remove(change.id);
      } else {
        state.entries.set(change.id, { item: change.after, rev: change.rev });
        state.index.upsert(searchEntryOf(change.after, deps.now(), state.flags));
      }
    }
    refreshFlags(state);
    scheduleSnapshot(state);
    if (stamp !== null) deps.sync?.changed();
  }

  async function write(state: Loaded, item: Item, rev: number, before?: Item): Promise<void> {
    await commit(state, [{ id: item.id, before, after: item, rev }]);
  }

  function entryOf(state: Loaded, id: string): Entry {
    const entry = state.entries.get(id);
    if (entry === undefined) throw new VaultError('NOT_FOUND', 'no such item');
    return entry;
  }

  return {
    async search(query: string, scope: Scope, limit = 200): Promise<{ items: ItemSummaryView[]; total: number }> {
      const state = await load();
      const all = state.index.search(query, { limit: Number.MAX_SAFE_INTEGER, trashed: scope === 'trash' });
      const matches = scope === 'favourites' ? all.filter((s) => s.favourite) : all;
      return { items: matches.slice(0, limit).map(toView), total: matches.length };
    },

    async get(id: string): Promise<Item> {
      return entryOf(await load(), id).item;
    },

    /** The list's view of one item, flags included (no secret values). */
    async summary(id: string): Promise<ItemSummaryView> {
      const state = await load();
      return toView(summarize(entryOf(state, id).item, deps.now(), state.flags));
    },

    save(draft: ItemDraft): Promise<string> {
      return serial(async () => {
        const state = await load();
        if (draft.id === undefined) {
          const item = createItem(draft, deps.now(), randomBytes);
          await write(state, item, 1);
          return item.id;
        }
        const existing = entryOf(state, draft.id);
        const edited = applyEdit(existing.item, draft, deps.now());
        if (edited !== existing.item) await write(state, edited, existing.rev + 1, existing.item);
        return draft.id;
      });
    },

    trash(id: string): Promise<void> {
      return serial(async () => {
        const state = await load();
        const entry = entryOf(state, id);
        const trashed = trashItem(entry.item, deps.now());
        if (trashed !== entry.item) await write(state, trashed, entry.rev + 1, entry.item);
      });
    },

    restore(id: string): Promise<void> {
      return serial(async () => {
        const state = await load();
        const entry = entryOf(state, id);
        const restored = restoreItem(entry.item, deps.now());
        if (restored !== entry.item) await write(state, restored, entry.rev + 1, entry.item);
      });
    },

    remove(id: string): Promise<void> {
      return serial(async () => {
        const state = await load();
        const entry = entryOf(state, id);
        if (entry.item.trashedAt === null) throw new VaultError('BAD_INPUT', 'only items in the trash can be deleted');
        await commit(state, [{ id, before: entry.item, after: null, rev: entry.rev }]);
      });
    },

    /** Logins not in the trash, for autofill's matching (the background only; never sent to a page). */
    async activeLogins(): Promise<LoginItem[]> {
      const state = await load();
      const out: LoginItem[] = [];
      for (const { item } of state.entries.values()) if (item.type === 'login' && item.trashedAt === null) out.push(item);
      return out;
    },

    /** Every live and trashed item (for export and duplicate checks). */
    async all(): Promise<Item[]> {
      return [...(await load()).entries.values()].map((e) => e.item);
    },

    /** Adds new items in one storage transaction: all of them, or none. */
    addMany(items: readonly Item[]): Promise<void> {
      return serial(async () => {
        const state = await load();
        await commit(state, items.map((item) => ({ id: item.id, before: undefined, after: item, rev: 1 })));
      });
    },

    /**
     * A point-in-time restore (shared/vault/backup/restore-plan.ts) as ordinary local edits in one
     * storage transaction: each item becomes `after`, over whatever it is at this moment (a delete
     * or edit since the preview is overwritten too); sync then signs them as one normal batch.
     */
    restoreItems(items: readonly Item[]): Promise<number> {
      return serial(async () => {
        const state = await load();
        const changes = items.map((after) => {
          const entry = state.entries.get(after.id);
          return { id: after.id, before: entry?.item, after, rev: (entry?.rev ?? 0) + 1 };
        });
        if (changes.length > 0) await commit(state, changes);
        return changes.length;
      });
    },

    /** The collection (base64url id) whose items this service holds. */
    async collection(): Promise<string> {
      return (await load()).key.collection;
    },

    /** Current merge states of these items (sync's Replica); items never stored are absent. */
    async replicaStates(ids: readonly string[]): Promise<Map<string, MergeState>> {
      const state = await load();
      const rows = await deps.store.mergeStates(ids);
      return new Map(rows.map((row) => [row.id, openMergeState(state.key, row.id, 'state', row.sealed)]));
    },

    /**
     * Stores merged states with the items they show in one transaction (sync's Replica); an item
     * whose merged view is invalid keeps its state but is quarantined, never shown.
     */
    applyMerged(merged: ReadonlyMap<string, MergeState>): Promise<{ quarantined: { id: string; reason: string }[]; restored: { id: string; by: string }[] }> {
      return serial(async () => {
        const state = await load();
        const revs = new Map([...state.entries].map(([id, entry]) => [id, entry.rev]));
        const outcome = mergedWrite(state.key, merged, revs, await deps.store.mergeStates([...merged.keys()]));
        await deps.store.writeItems(outcome.write);
        for (const id of outcome.deleted) {
          state.entries.delete(id);
          state.index.remove(id);
        }
        for (const { item, rev } of outcome.shown) {
          state.entries.set(item.id, { item, rev });
          state.index.upsert(searchEntryOf(item, deps.now(), state.flags));
        }
        refreshFlags(state);
        scheduleSnapshot(state);
        return { quarantined: outcome.quarantined, restored: outcome.restored };
      });
    },

    /** Local deltas not yet handed to the sync engine, and the rows to clear once it holds them. */
    async pendingDeltas(): Promise<{ deltas: Map<string, MergeState>; rows: { id: string; rev: number }[] }> {
      const state = await load();
      const rows = (await deps.store.mergeStates()).filter((row) => row.pending !== undefined);
      const deltas = new Map(rows.map((row) => [row.id, openMergeState(state.key, row.id, 'pending', row.pending as Uint8Array)]));
      return { deltas, rows: rows.map(({ id, rev }) => ({ id, rev })) };
    },

    /** How many items have local deltas not yet handed to the sync engine. */
    async pendingCount(): Promise<number> {
      await load();
      return (await deps.store.mergeStates()).filter((row) => row.pending !== undefined).length;
    },

    /** Forget pending deltas the sync engine now holds (rows written since keep theirs). */
    async clearPending(rows: readonly { id: string; rev: number }[]): Promise<void> {
      await serial(() => deps.store.clearPending(rows));
    },

    /** Gives every item without a merge state its whole self as state and pending delta (connecting). */
    seedStates(stamp: Stamp): Promise<number> {
      return serial(async () => {
        const state = await load();
        const items = [...state.entries.values()].map((e) => e.item);
        const write = seedWrite(state.key, items, stamp, await deps.store.mergeStates());
        await deps.store.writeItems(write);
        return write.states?.length ?? 0;
      });
    },

    /** Logins that fill on this page without a choice (exact origin, by the autofill matching rules). */
    async countForPage(pageUrl: string): Promise<number> {
      const state = await load().catch(() => null);
      if (state === null) return 0;
      let count = 0;
      for (const { item } of state.entries.values()) {
        if (item.type === 'login' && item.trashedAt === null && matchLogin(item.urls, pageUrl).kind === 'origin') count++;
      }
      return count;
    },
  };
}

function toView(summary: ItemSummary): ItemSummaryView {
  return { ...summary, tags: [...summary.tags], flags: [...summary.flags] };
}

export type ItemService = ReturnType<typeof itemService>;
