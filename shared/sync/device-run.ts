/**
 * A device's run of batches in one collection (DESIGN.md §6): counters go 1, 2, 3… and each batch's
 * `prev` is the id of the same device's previous batch there (32 zero bytes before the first).
 *
 * Refuses, for a batch against the pinned run:
 * - OMISSION: a counter beyond the next one (the server dropped a batch in the middle);
 * - REPLAY: a counter already taken by this very batch (the same signed bytes shown again);
 * - FORK: a different batch at a taken counter, or the next counter with a `prev` that is not the
 *   previous batch (the device's history diverged: equivocation);
 * - UNTRUSTED_WRITER: a device id already seen under another identity.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { VaultError } from '../protocol/errors';
import { type Batch, ZERO_HASH } from './batch';
import type { DevicePin } from './pinned-log';

function describe(batch: Batch): string {
  return `batch ${batch.fields.counter} of device ${bytesToHex(batch.fields.device)}`;
}

/** Throw the named state unless `batch` is the next batch of the device whose run is `pin`. */
export function checkDeviceRun(pin: DevicePin | undefined, batch: Batch): void {
  const { counter, prev, identity } = batch.fields;
  const id = bytesToHex(batch.batchId);
  const lastCounter = pin?.counter ?? 0;
  if (pin !== undefined && pin.identity !== bytesToHex(identity)) {
    throw new VaultError('UNTRUSTED_WRITER', `${describe(batch)}: the device belongs to another identity`);
  }
  if (counter <= lastCounter) {
    const taken = pin?.batches[counter - 1];
    if (taken === id) throw new VaultError('REPLAY', `${describe(batch)}: already applied`);
    throw new VaultError('FORK', `${describe(batch)}: another batch holds this counter`);
  }
  if (counter > lastCounter + 1) {
    throw new VaultError('OMISSION', `${describe(batch)}: batches ${lastCounter + 1}..${counter - 1} are missing`);
  }
  const expectedPrev = pin?.batches[lastCounter - 1] ?? bytesToHex(ZERO_HASH);
  if (bytesToHex(prev) !== expectedPrev) {
    throw new VaultError('FORK', `${describe(batch)}: prev is not the device's previous batch`);
  }
}

/** The device's run after `batch` (already checked). */
export function extendDeviceRun(pin: DevicePin | undefined, batch: Batch): DevicePin {
  const { fields } = batch;
  return {
    identity: bytesToHex(fields.identity),
    counter: fields.counter,
    batches: [...(pin?.batches ?? []), bytesToHex(batch.batchId)],
    identitySeq: fields.chains.identity.seq,
    collectionSeq: fields.chains.collection.seq,
  };
}
