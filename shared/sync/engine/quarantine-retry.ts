/**
 * Retrying quarantined records once their epoch key is known (DESIGN.md §6 "Verification",
 * docs/sync-engine.md decision 15). A record of an epoch whose key this device did not hold when it
 * pulled the batch is quarantined as BAD_RECORD with that epoch noted; the key may arrive later (a
 * rotation by another device, learned from the collection chain: shared/devices/learn-keys.ts). At
 * the start of each sync, every quarantined record whose epoch key is now held is fetched again by
 * its seq, and the served bytes are accepted only if they are the very batch the pinned log holds
 * there (`H(head[seq − 1] ‖ batch_id)` = the pinned head at seq): the batch was fully verified when
 * first pulled, so nothing but its records is re-checked. They are opened, checked and merged like
 * any incoming record (incoming-records.ts); the ones that open leave the quarantine, the others
 * stay with their new reason.
 *
 * Refuses: a server that serves other bytes at that seq (FORK, the caller freezes) or no longer
 * serves it (ROLLBACK).
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { VaultError } from '../../protocol/errors';
import { decodeBatch } from '../batch';
import { EMPTY_STATE, merge, type MergeState } from '../item-merge';
import { nextHead } from '../log-head';
import type { QuarantinedRecord } from './engine-state';
import { openVerifiedBatches } from './incoming-records';
import { itemIdText } from './item-id-bytes';
import { saveSession, type SyncSession } from './session';

const MISSING_KEY = /^this device holds no key for epoch (\d+)$/;

/** The epoch a record was quarantined for lack of a key, or null for any other reason. */
export function missingKeyEpoch(record: QuarantinedRecord): number | null {
  if (record.epoch !== undefined) return record.epoch;
  const match = MISSING_KEY.exec(record.reason);
  return match === null ? null : Number(match[1]);
}

/** The exact bytes the pinned log holds at `seq`, fetched again and checked against the pinned heads. */
async function pinnedBatchAt(session: SyncSession, seq: number) {
  const page = await session.ports.transport.changes(session.collection, seq - 1, 1);
  const served = page.changes.find((change) => change.seq === seq);
  if (served === undefined) throw new VaultError('ROLLBACK', `the server no longer serves log entry ${seq}`);
  const { heads } = session.state.log;
  const batch = decodeBatch(served.batch);
  const head = bytesToHex(nextHead(hexToBytes(heads[seq - 1] ?? ''), batch.batchId));
  if (head !== heads[seq]) throw new VaultError('FORK', `the server serves another batch at log entry ${seq}`);
  return batch;
}

/** Retry every record quarantined for an epoch whose key is now held; returns how many opened. */
export async function retryQuarantined(session: SyncSession): Promise<number> {
  const { keys, env, replica } = session.ports;
  const { state } = session;
  const summary = state.summary;
  if (summary === null) return 0;
  const keyOf = (epoch: number) => keys.epochKey(state.collection, epoch);
  const retryable = (q: QuarantinedRecord) => {
    const epoch = missingKeyEpoch(q);
    return epoch !== null && keyOf(epoch) !== null;
  };
  const seqs = [...new Set(state.quarantine.filter(retryable).map((q) => q.seq))].sort((a, b) => a - b);
  if (seqs.length === 0) return 0;
  const batches = [];
  for (const seq of seqs) batches.push({ seq, batch: await pinnedBatchAt(session, seq) });
  const opened = openVerifiedBatches(batches, { owner: hexToBytes(summary.owner), collection: session.collection, keyOf, now: env.now() }, state.clock);
  const stillQuarantined = new Set(opened.quarantined.map((q) => `${q.seq}/${q.item}`));
  if (opened.deltas.size > 0) {
    const current = await replica.states(state.collection, [...opened.deltas.keys()]);
    const merged = new Map<string, MergeState>();
    for (const [item, delta] of opened.deltas) merged.set(item, merge(current.get(item) ?? EMPTY_STATE, delta));
    await replica.apply(state.collection, merged);
  }
  const retried = new Set(seqs);
  const kept = state.quarantine.filter((q) => !retried.has(q.seq));
  session.state = { ...state, clock: opened.clock, quarantine: [...kept, ...opened.quarantined] };
  await saveSession(session);
  return batches.reduce((n, { seq, batch }) => n + batch.fields.records.filter((r) => !stillQuarantined.has(`${seq}/${itemIdText(r.item)}`)).length, 0);
}
