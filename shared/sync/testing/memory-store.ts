/**
 * A SyncStateStore in memory, for tests. Values are deep-copied with structuredClone on save and on
 * load, as IndexedDB does, so a test catches state that is not plain cloneable data and any code
 * that keeps mutating what it saved. A new engine over the same store is a "restarted worker".
 */
import type { SyncStateStore } from '../engine/ports';

export class MemoryStateStore<S> implements SyncStateStore<S> {
  private readonly values = new Map<string, S>();
  saves = 0;

  async load(collection: string): Promise<S | undefined> {
    const value = this.values.get(collection);
    return value === undefined ? undefined : structuredClone(value);
  }

  async save(collection: string, state: S): Promise<void> {
    this.saves += 1;
    this.values.set(collection, structuredClone(state));
  }

  async list(): Promise<string[]> {
    return [...this.values.keys()];
  }
}
