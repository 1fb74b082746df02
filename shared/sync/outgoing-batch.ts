/**
 * Making this device's next batch for a collection (DESIGN.md §6 "Log"): the counter goes up by one
 * from the device's own run there and `prev` is the id of its previous batch (32 zero bytes before
 * the first), `seen` is the log position last pulled and verified, and `chains` the chain heads the
 * records were made under. The signed bytes go to the outbox and are resent byte for byte; the run
 * advances only when the caller stores them, so a crash never signs two batches for one counter.
 *
 * Refuses (BAD_INPUT): a run whose counter is not a non-negative integer, fields that would not
 * decode (see batch.ts).
 */
import { VaultError } from '../protocol/errors';
import { type BatchFields, type BatchRecord, type Position, signBatch, ZERO_HASH } from './batch';

/** This device's own run of batches in one collection. */
export interface OwnRun {
  readonly counter: number;
  readonly prev: Uint8Array;
}

/** The run before a device's first batch in a collection. */
export const EMPTY_RUN: OwnRun = { counter: 0, prev: ZERO_HASH };

/** Who signs: this device, its identity, its Ed25519 key pair. */
export interface BatchAuthor {
  readonly identity: Uint8Array;
  readonly device: Uint8Array;
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
}

export interface BatchContent {
  readonly collection: Uint8Array;
  readonly epoch: number;
  readonly seen: Position;
  readonly chains: { identity: Position; collection: Position };
  readonly records: BatchRecord[];
}

/** Sign the next batch after `run`: its bytes, its id, and the run to store with it. */
export function makeNextBatch(author: BatchAuthor, run: OwnRun, content: BatchContent): { bytes: Uint8Array; batchId: Uint8Array; run: OwnRun } {
  if (!Number.isSafeInteger(run.counter) || run.counter < 0) throw new VaultError('BAD_INPUT', 'a run counter is a non-negative integer');
  const fields: BatchFields = {
    identity: author.identity,
    collection: content.collection,
    epoch: content.epoch,
    device: author.device,
    signer: author.publicKey,
    counter: run.counter + 1,
    prev: run.prev,
    seen: content.seen,
    chains: content.chains,
    records: content.records,
  };
  const { bytes, batchId } = signBatch(fields, author.seed);
  return { bytes, batchId, run: { counter: fields.counter, prev: batchId } };
}
