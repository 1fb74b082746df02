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
import type { ItemService } from '../vault/item-service';
import { collectionHex } from './device-keys';

export interface ApplyOutcome {
  quarantined: { id: string; reason: string }[];
  restored: { id: string; by: string }[];
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
      await onApplied([...merged.keys()], await items.applyMerged(merged));
    },
  };
}
