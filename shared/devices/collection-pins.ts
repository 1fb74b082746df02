/**
 * Collection pins of a pairing (DESIGN.md §7 "hands over the heads to pin", docs/pairing.md §5):
 * the trusted device reads, from its sync engine's state, each collection's chain head and log head
 * as it verified them (`collectionPin`), and the approval carries them under k and its signature.
 * The new device's engine pulls chains and log on its first sync like any device; afterwards
 * `checkCollectionPin` checks that what it pinned holds the trusted device's heads: the server
 * showed the new device the same history, not an older one (ROLLBACK) or another branch (FORK).
 * A device that fails this check joined a server that lies: it must drop what it pulled and stop.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { checkExtendsPinned } from '../chains/chain-link';
import type { CollectionPin } from '../pairing/payloads';
import { VaultError } from '../protocol/errors';
import type { CollectionSyncState } from '../sync/engine/engine-state';

/** The pin of a collection as this device's engine verified it (chain and log heads). */
export function collectionPin(state: CollectionSyncState): CollectionPin {
  const { summary, log } = state;
  const logHead = log.heads[log.seq];
  if (summary === null || logHead === undefined) throw new VaultError('NOT_FOUND', `collection ${state.collection} was never synced here`);
  return {
    collection: hexToBytes(state.collection),
    chain: { seq: summary.collection.seq, head: hexToBytes(summary.collection.head) },
    log: { seq: log.seq, head: hexToBytes(logHead) },
  };
}

/** Throw unless the engine state `state` (after its first sync) holds the pinned chain and log heads. */
export function checkCollectionPin(state: CollectionSyncState, pin: CollectionPin): void {
  if (state.collection !== bytesToHex(pin.collection)) throw new VaultError('BAD_INPUT', 'the pin is for another collection');
  if (state.frozen !== null) throw new VaultError(state.frozen.code, `the first sync froze: ${state.frozen.message}`);
  checkExtendsPinned(state.chains.collection, { length: pin.chain.seq + 1, head: pin.chain.head });
  if (state.log.seq < pin.log.seq) throw new VaultError('ROLLBACK', `the log reached seq ${state.log.seq}, behind the pinned ${pin.log.seq}`);
  if (state.log.heads[pin.log.seq] !== bytesToHex(pin.log.head)) throw new VaultError('FORK', `the log head at seq ${pin.log.seq} differs from the pinned one`);
}
