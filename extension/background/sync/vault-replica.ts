/**
 * The sync engine's `Replica` (shared/sync/engine/ports.ts) over the local vault: merge states are
 * read from and written through the item service, which keeps them sealed beside the item records
 * and updates the items the popup shows in the same transaction. This vault holds one collection
 * (the personal one); any other collection id is refused (NOT_FOUND) rather than written into it.
 * After each apply, `onApplied` hears which items were quarantined (merged view not a valid item)
 * or restored by an edit that beat a delete.
 */
import { VaultError } from '../../../shared/protocol/errors';
import type { Replica } from '../../../shared/sync/engine/ports';
import { compareStamps, type Stamp } from '../../../shared/sync/hlc';
import type { MergeState } from '../../../shared/sync/item-merge';
import type { ItemService } from '../vault/item-service';
import { collectionHex } from './device-keys';

export interface ApplyOutcome {
  quarantined: { id: string; reason: string }[];
  restored: { id: string; by: string }[];
  /** The newest stamp in the merged states (the local clock moves past it). */
  newest: Stamp | null;
}

function newestStamp(merged: ReadonlyMap<string, MergeState>): Stamp | null {
  let newest: Stamp | null = null;
  for (const state of merged.values()) {
    const stamps = [...Object.values(state.fields).map((versions) => versions[0]?.stamp), state.tombstone?.stamp];
    for (const stamp of stamps) if (stamp !== undefined && (newest === null || compareStamps(stamp, newest) > 0)) newest = stamp;
  }
  return newest;
}

export function vaultReplica(items: ItemService, onApplied: (ids: readonly string[], outcome: ApplyOutcome) => void | Promise<void>): Replica {
  async function check(collection: string): Promise<void> {
    if (collectionHex(await items.collection()) !== collection) throw new VaultError('NOT_FOUND', 'this vault does not hold that collection');
  }
  return {
    async states(collection, itemIds) {
      await check(collection);
      return items.replicaStates(itemIds);
    },
    async apply(collection, merged) {
      await check(collection);
      if (merged.size === 0) return;
      await onApplied([...merged.keys()], { ...(await items.applyMerged(merged)), newest: newestStamp(merged) });
    },
  };
}
