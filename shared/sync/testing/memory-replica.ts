/**
 * A Replica in memory, for tests: the device's items as merge states per collection.
 * `applyLocal` is what the vault does on a local edit (merge the delta in); `view` shows an item
 * as the popup would (item-merge.ts `view`).
 */
import { EMPTY_STATE, merge, type MergedItem, type MergeState, view } from '../item-merge';
import type { Replica } from '../engine/ports';

export class MemoryReplica implements Replica {
  readonly collections = new Map<string, Map<string, MergeState>>();
  applies = 0;

  private items(collection: string): Map<string, MergeState> {
    let items = this.collections.get(collection);
    if (items === undefined) {
      items = new Map();
      this.collections.set(collection, items);
    }
    return items;
  }

  async states(collection: string, itemIds: readonly string[]): Promise<Map<string, MergeState>> {
    const items = this.items(collection);
    const out = new Map<string, MergeState>();
    for (const id of itemIds) {
      const state = items.get(id);
      if (state !== undefined) out.set(id, structuredClone(state));
    }
    return out;
  }

  async apply(collection: string, merged: ReadonlyMap<string, MergeState>): Promise<void> {
    this.applies += 1;
    const items = this.items(collection);
    for (const [id, state] of merged) items.set(id, structuredClone(state));
  }

  async all(collection: string): Promise<Map<string, MergeState>> {
    return new Map([...this.items(collection)].map(([id, state]) => [id, structuredClone(state)]));
  }

  /** A local edit: merge `delta` into the item. */
  applyLocal(collection: string, itemId: string, delta: MergeState): MergeState {
    const items = this.items(collection);
    const next = merge(items.get(itemId) ?? EMPTY_STATE, delta);
    items.set(itemId, next);
    return next;
  }

  state(collection: string, itemId: string): MergeState | undefined {
    return this.items(collection).get(itemId);
  }

  view(collection: string, itemId: string): MergedItem | undefined {
    const state = this.state(collection, itemId);
    return state === undefined ? undefined : view(state);
  }

  /** Every item id held in `collection`, sorted. */
  itemIds(collection: string): string[] {
    return [...this.items(collection).keys()].sort();
  }
}
