/**
 * Signing sealed records into this device's next batches (outgoing-batch.ts makeNextBatch), one
 * batch when the records fit, several consecutive ones when the signed bytes would pass the
 * server's limit (BATCH_MAX_BYTES, 256 KiB, shared/protocol/api/collections.ts). Records are grouped
 * greedily by an estimate of their encoded size, and any group whose signed bytes still exceed the
 * limit is split in half and signed again, so every batch returned fits.
 *
 * Refuses (PAYLOAD_TOO_LARGE) a single record that cannot fit in a batch on its own.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { VaultError } from '../../protocol/errors';
import { BATCH_MAX_BYTES } from '../../protocol/api/collections';
import type { Position } from '../batch';
import { type BatchAuthor, makeNextBatch, type OwnRun } from '../outgoing-batch';
import type { SealedChange } from './outgoing-records';

/** A signed batch ready for the outbox. */
export interface SignedBatch {
  readonly counter: number;
  readonly bytes: Uint8Array;
  readonly batchId: string;
  readonly items: readonly string[];
}

export interface BatchFrame {
  readonly collection: Uint8Array;
  readonly epoch: number;
  readonly seen: Position;
  readonly chains: { identity: Position; collection: Position };
}

/** Generous per-record and per-batch CBOR overheads for the first grouping (checked after signing). */
const RECORD_OVERHEAD = 96;
const BATCH_OVERHEAD = 1024;

function estimate(change: SealedChange): number {
  return change.record.sealed.length + RECORD_OVERHEAD;
}

function groupByEstimate(changes: readonly SealedChange[], maxBytes: number): SealedChange[][] {
  const groups: SealedChange[][] = [];
  let current: SealedChange[] = [];
  let size = BATCH_OVERHEAD;
  for (const change of changes) {
    if (current.length > 0 && size + estimate(change) > maxBytes) {
      groups.push(current);
      current = [];
      size = BATCH_OVERHEAD;
    }
    current.push(change);
    size += estimate(change);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Sign `changes` as the batches after `run`; the batches and the run after the last one. */
export function signBatches(
  author: BatchAuthor,
  run: OwnRun,
  frame: BatchFrame,
  changes: readonly SealedChange[],
  maxBytes: number = BATCH_MAX_BYTES,
): { batches: SignedBatch[]; run: OwnRun } {
  const batches: SignedBatch[] = [];
  let current = run;
  const sign = (group: readonly SealedChange[]): void => {
    const made = makeNextBatch(author, current, { ...frame, records: group.map((change) => change.record) });
    if (made.bytes.length > maxBytes) {
      if (group.length === 1) throw new VaultError('PAYLOAD_TOO_LARGE', `one record makes a ${made.bytes.length}-byte batch, over ${maxBytes}`);
      const half = Math.ceil(group.length / 2);
      sign(group.slice(0, half));
      sign(group.slice(half));
      return;
    }
    current = made.run;
    batches.push({ counter: made.run.counter, bytes: made.bytes, batchId: bytesToHex(made.batchId), items: group.map((change) => change.itemId) });
  };
  for (const group of groupByEstimate(changes, maxBytes)) sign(group);
  return { batches, run: current };
}
