/**
 * Sealing local changes into batch records (DESIGN.md §6 "Records"): the changes of one call are
 * merged per item into one delta (item-merge.ts: merging deltas is again a delta), encoded
 * (record-payload.ts) and sealed under the collection key of the current epoch with record-crypto.ts,
 * whose associated data binds the owner identity, collection, epoch, record kind, item id, rev, HLC,
 * author (this device, the batch signer) and padding bucket.
 *
 * Header: `kind` is "tombstone" for a tombstone alone, else "item"; `hlc` is the newest stamp the
 * delta carries; `rev` is 1 (payload version 1: the merge orders by the stamps inside, not by rev).
 * Refuses (BAD_INPUT): an item id that is not canonical, a delta with no stamp at all.
 */
import { EMPTY_STATE, merge, type MergeState } from '../item-merge';
import { VaultError } from '../../protocol/errors';
import type { BatchRecord } from '../batch';
import { type RecordContext, sealRecord } from '../record-crypto';
import type { ItemChange } from './engine-api';
import { itemIdBytes } from './item-id-bytes';
import { encodeDelta, newestStampOf, recordKindOf } from './record-payload';

export const RECORD_REV = 1;

/** A sealed record and the item id it is about. */
export interface SealedChange {
  readonly itemId: string;
  readonly record: BatchRecord;
}

/** Merge the changes of one call per item, in order of first appearance. */
export function deltasByItem(changes: readonly ItemChange[]): Map<string, MergeState> {
  const byItem = new Map<string, MergeState>();
  for (const change of changes) {
    itemIdBytes(change.itemId);
    byItem.set(change.itemId, merge(byItem.get(change.itemId) ?? EMPTY_STATE, change.delta));
  }
  return byItem;
}

/** Seal one delta of one item into a record under `context`. */
export function sealDelta(context: RecordContext, itemId: string, delta: MergeState): BatchRecord {
  const newest = newestStampOf(delta);
  if (newest === null) throw new VaultError('BAD_INPUT', `the change of item ${itemId} carries no version and no tombstone`);
  const header = { kind: recordKindOf(delta), item: itemIdBytes(itemId), rev: RECORD_REV, hlc: { wall: newest.wall, counter: newest.counter } };
  return sealRecord(context, header, encodeDelta(delta));
}

/** Seal every item's merged delta. */
export function sealChanges(context: RecordContext, deltas: ReadonlyMap<string, MergeState>): SealedChange[] {
  return [...deltas].map(([itemId, delta]) => ({ itemId, record: sealDelta(context, itemId, delta) }));
}
