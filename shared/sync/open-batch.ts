/**
 * Opening the records of a verified batch (DESIGN.md §6 "Records"): each record is opened under the
 * trusted context (the collection of the log, the epoch of the key the client holds, the batch's
 * signing device as author). A record that does not open is quarantined as BAD_RECORD and the rest of
 * the batch still applies: a validly signed batch from an authorised member cannot freeze a team.
 *
 * Refuses (BAD_INPUT): a key for another collection than the batch's. A batch whose epoch is not the
 * key's epoch has every record quarantined (the caller picks the key by the batch's epoch).
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { equalBytes } from '../crypto/constant-time';
import { VaultError } from '../protocol/errors';
import type { Batch, BatchRecord } from './batch';
import { openRecord, type RecordContext } from './record-crypto';

/** A collection key of one epoch, and the identity (or team) that owns the collection. */
export interface EpochKey {
  readonly identity: Uint8Array;
  readonly collection: Uint8Array;
  readonly epoch: number;
  readonly key: Uint8Array;
}

export type OpenedRecord =
  | { readonly ok: true; readonly record: BatchRecord; readonly plaintext: Uint8Array }
  | { readonly ok: false; readonly record: BatchRecord; readonly code: 'BAD_RECORD'; readonly reason: string };

/** Open every record of `batch` (already verified) with `key`; failures are quarantined, not thrown. */
export function openBatchRecords(batch: Batch, key: EpochKey): OpenedRecord[] {
  const { fields } = batch;
  if (!equalBytes(key.collection, fields.collection)) {
    throw new VaultError('BAD_INPUT', `key of collection ${bytesToHex(key.collection)} for a batch of another collection`);
  }
  const context: RecordContext = { identity: key.identity, collection: key.collection, epoch: key.epoch, key: key.key, author: fields.device };
  return fields.records.map((record): OpenedRecord => {
    if (fields.epoch !== key.epoch) return { ok: false, record, code: 'BAD_RECORD', reason: `batch epoch ${fields.epoch} is not the key's ${key.epoch}` };
    try {
      return { ok: true, record, plaintext: openRecord(context, record) };
    } catch (error) {
      if (error instanceof VaultError && error.code === 'BAD_RECORD') return { ok: false, record, code: 'BAD_RECORD', reason: error.message };
      throw error;
    }
  });
}
