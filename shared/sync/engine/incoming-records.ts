/**
 * Opening the records of verified batches into deltas to merge (DESIGN.md §6 "Records"). Each record
 * is opened under trusted context only (open-batch.ts: the log's collection, the key of the batch's
 * epoch, the batch signer as author, the owner identity from the collection chain's genesis), then
 * decoded strictly (record-payload.ts) and checked against its authenticated header: its kind must
 * be the one its delta is sent as, its HLC the newest stamp inside, its rev 1. Every stamp passes
 * through this collection's hybrid logical clock (hlc.ts `receive`), which refuses one more than a
 * day ahead of the local clock.
 *
 * A record failing any of this is quarantined as BAD_RECORD (one member cannot freeze a team) and
 * the rest applies; so is every record of a batch whose epoch key this device does not hold.
 * "meta" records are not understood by this version and are quarantined too, except a checkpoint
 * manifest (checkpoint.ts), which is skipped: it states log positions, not an item. Records quarantined
 * for a missing epoch key carry that epoch and are retried once it is held (quarantine-retry.ts).
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { VaultError } from '../../protocol/errors';
import type { Batch, BatchRecord } from '../batch';
import { isCheckpointRecord } from '../checkpoint';
import { type Hlc, receive } from '../hlc';
import { EMPTY_STATE, merge, type MergeState } from '../item-merge';
import { openBatchRecords, type OpenedRecord } from '../open-batch';
import type { QuarantinedRecord } from './engine-state';
import { itemIdText } from './item-id-bytes';
import { RECORD_REV } from './outgoing-records';
import { decodeDelta, newestStampOf, recordKindOf, stampsOf } from './record-payload';

/** A verified batch and the seq the log holds it at. */
export interface VerifiedBatch {
  readonly seq: number;
  readonly batch: Batch;
}

export interface OpenContext {
  /** The owner identity of the collection (the "identity or team" of the record AD). */
  readonly owner: Uint8Array;
  readonly collection: Uint8Array;
  /** This device's key of `epoch`, or null when it holds none. */
  readonly keyOf: (epoch: number) => Uint8Array | null;
  readonly now: number;
}

export interface OpenedDeltas {
  /** Merged deltas by item id, to merge into the replica. */
  readonly deltas: Map<string, MergeState>;
  readonly quarantined: QuarantinedRecord[];
  readonly clock: Hlc;
}

/** Decode and check one opened record; returns its delta and the clock after its stamps. */
function acceptRecord(record: BatchRecord, plaintext: Uint8Array, clock: Hlc, now: number): { delta: MergeState; clock: Hlc } {
  if (record.kind === 'meta') throw new VaultError('BAD_RECORD', 'meta records are not understood by this version');
  if (record.rev !== RECORD_REV) throw new VaultError('BAD_RECORD', `record rev ${record.rev} is not ${RECORD_REV}`);
  const delta = decodeDelta(plaintext);
  if (recordKindOf(delta) !== record.kind) throw new VaultError('BAD_RECORD', `a ${record.kind} record carries another kind of delta`);
  const newest = newestStampOf(delta);
  if (newest === null || newest.wall !== record.hlc.wall || newest.counter !== record.hlc.counter) {
    throw new VaultError('BAD_RECORD', 'the record HLC is not the newest stamp it carries');
  }
  const after = stampsOf(delta).reduce((current, stamp) => receive(current, stamp, now), clock);
  return { delta, clock: after };
}

function openAll(batch: Batch, context: OpenContext): OpenedRecord[] {
  const key = context.keyOf(batch.fields.epoch);
  if (key === null) {
    const reason = `this device holds no key for epoch ${batch.fields.epoch}`;
    return batch.fields.records.map((record) => ({ ok: false, record, code: 'BAD_RECORD', reason }));
  }
  return openBatchRecords(batch, { identity: context.owner, collection: context.collection, epoch: batch.fields.epoch, key });
}

/** Open, decode and check every record of `batches`; merge the accepted deltas per item. */
export function openVerifiedBatches(batches: readonly VerifiedBatch[], context: OpenContext, clock: Hlc): OpenedDeltas {
  const deltas = new Map<string, MergeState>();
  const quarantined: QuarantinedRecord[] = [];
  let current = clock;
  for (const { seq, batch } of batches) {
    const device = bytesToHex(batch.fields.device);
    const missingKey = context.keyOf(batch.fields.epoch) === null ? { epoch: batch.fields.epoch } : {};
    for (const opened of openAll(batch, context)) {
      const item = itemIdText(opened.record.item);
      const quarantine = (reason: string) => quarantined.push({ seq, item, device, reason, at: context.now, ...missingKey });
      if (isCheckpointRecord(opened.record)) {
        // A checkpoint manifest states log positions, not an item: checked by checkpoint-pull.ts when used.
        if (opened.ok) opened.plaintext.fill(0);
        continue;
      }
      if (!opened.ok) {
        quarantine(opened.reason);
        continue;
      }
      try {
        const accepted = acceptRecord(opened.record, opened.plaintext, current, context.now);
        current = accepted.clock;
        deltas.set(item, merge(deltas.get(item) ?? EMPTY_STATE, accepted.delta));
      } catch (error) {
        if (!(error instanceof VaultError) || error.code !== 'BAD_RECORD') throw error;
        quarantine(error.message);
      } finally {
        opened.plaintext.fill(0);
      }
    }
  }
  return { deltas, quarantined, clock: current };
}
