/**
 * Turning item changes into one storage write (records and, once sync is set up, merge states) and
 * merged states back into items. Pure over the collection key and what is stored; the item service
 * holds the lock, the cache and the store.
 *
 * A local change with a stamp (shared/sync/hlc.ts) updates the item's sealed merge state and adds
 * the same field-level delta to its sealed `pending` delta, in the same transaction as the item
 * record: a worker killed right after still has the delta to hand to the sync engine. Without a
 * stamp (no sync account yet) only records are written; connecting seeds every item's state.
 */
import type { Stamp } from '../../../shared/sync/hlc';
import { edit, EMPTY_STATE, merge, remove, type MergeState } from '../../../shared/sync/item-merge';
import { sealItem, type CollectionKey } from '../../../shared/vault/item-record';
import type { Item } from '../../../shared/vault/item-types';
import { openMergeState, sealMergeState } from '../../../shared/vault/merge-state-record';
import { itemDelta, itemFields, materialize } from '../sync/item-state';
import type { ItemWrite, StoredMergeState } from './ports';

/** One item changed locally: `after` null deletes it. */
export interface ItemChange {
  readonly id: string;
  readonly before: Item | undefined;
  readonly after: Item | null;
  /** The item record's next revision (ignored for a delete). */
  readonly rev: number;
}

/** The write for local changes; `stored` are the items' current merge states (when syncing). */
export function localWrite(key: CollectionKey, changes: readonly ItemChange[], stamp: Stamp | null, stored: readonly StoredMergeState[]): ItemWrite {
  const records = changes.flatMap((c) => (c.after === null ? [] : [sealItem(key, c.after, c.rev)]));
  const deletes = changes.flatMap((c) => (c.after === null ? [c.id] : []));
  if (stamp === null) return { records, deletes };
  const byId = new Map(stored.map((s) => [s.id, s]));
  const states = changes.map((change) => {
    const row = byId.get(change.id);
    const state = row === undefined ? EMPTY_STATE : openMergeState(key, change.id, 'state', row.sealed);
    const pending = row?.pending === undefined ? EMPTY_STATE : openMergeState(key, change.id, 'pending', row.pending);
    let next: MergeState;
    let delta: MergeState;
    if (change.after === null) {
      next = remove(state, stamp);
      delta = { fields: {}, tombstone: next.tombstone };
    } else {
      const fields = row === undefined ? itemFields(change.after) : itemDelta(change.before, change.after);
      next = edit(state, fields, stamp);
      delta = edit(EMPTY_STATE, fields, stamp);
    }
    return stateRow(key, change.id, (row?.rev ?? 0) + 1, next, merge(pending, delta));
  });
  return { records, deletes, states };
}

export function stateRow(key: CollectionKey, id: string, rev: number, state: MergeState, pending: MergeState | null): StoredMergeState {
  const row: StoredMergeState = { id, rev, sealed: sealMergeState(key, id, 'state', state) };
  if (pending !== null) row.pending = sealMergeState(key, id, 'pending', pending);
  return row;
}

/** Every item without a merge state gets its whole self as state and as pending delta (connecting). */
export function seedWrite(key: CollectionKey, items: readonly Item[], stamp: Stamp, stored: readonly StoredMergeState[]): ItemWrite {
  const known = new Set(stored.map((s) => s.id));
  const states = items
    .filter((item) => !known.has(item.id))
    .map((item) => {
      const state = edit(EMPTY_STATE, itemFields(item), stamp);
      return stateRow(key, item.id, 1, state, state);
    });
  return { states };
}

export interface MergedOutcome {
  readonly write: ItemWrite;
  /** Items to show now (new or changed), by id, with their record revision. */
  readonly shown: { item: Item; rev: number }[];
  readonly deleted: string[];
  readonly quarantined: { id: string; reason: string }[];
  readonly restored: { id: string; by: string }[];
}

/**
 * Merged states (from the sync engine) → the write that stores them beside their materialized items.
 * `revs` are the current record revisions; each row keeps its pending delta.
 */
export function mergedWrite(
  key: CollectionKey,
  merged: ReadonlyMap<string, MergeState>,
  revs: ReadonlyMap<string, number>,
  stored: readonly StoredMergeState[],
): MergedOutcome {
  const byId = new Map(stored.map((s) => [s.id, s]));
  const out: MergedOutcome = { write: { records: [], deletes: [], states: [] }, shown: [], deleted: [], quarantined: [], restored: [] };
  for (const [id, state] of merged) {
    const row = byId.get(id);
    const kept: StoredMergeState = { id, rev: (row?.rev ?? 0) + 1, sealed: sealMergeState(key, id, 'state', state) };
    if (row?.pending !== undefined) kept.pending = row.pending;
    out.write.states?.push(kept);
    const result = materialize(id, state);
    if (result.kind === 'invalid') {
      out.quarantined.push({ id, reason: result.reason });
    } else if (result.kind === 'deleted') {
      if (revs.has(id)) {
        out.write.deletes?.push(id);
        out.deleted.push(id);
      }
    } else {
      const rev = (revs.get(id) ?? 0) + 1;
      out.write.records?.push(sealItem(key, result.item, rev));
      out.shown.push({ item: result.item, rev });
      if (result.restoredBy !== null && !revs.has(id)) out.restored.push({ id, by: result.restoredBy });
    }
  }
  return out;
}
