/**
 * Writing a checkpoint (docs/decisions/008-compact-checkpoints.md): this device, a trusted writer
 * that has just pulled and verified the whole log up to {N, head_N}, signs
 * 1. *part* batches carrying the full merge state of every item it holds (history versions older
 *    than the retention age trimmed, the winner of each field always kept; an item deleted by a
 *    tombstone older than the retention age left out), sealed like any record (outgoing-records.ts);
 * 2. one *manifest* batch, `seen` = {N, head_N}, whose one record is the sealed checkpoint manifest
 *    (checkpoint.ts) naming the parts, every device's run at N and the chain highs.
 * They go to the outbox like any batch and are pushed in order; once the server acknowledged the
 * manifest it is registered (`registerCheckpoint`) so the operator may compact rows ≤ N.
 *
 * Refuses: a frozen collection (its code), unpinned chains (NOT_FOUND), a device that may not write
 * (UNAUTHORIZED), a missing epoch key (LOCKED), a replica that cannot list its items or a transport
 * that cannot register (BAD_INPUT), a non-empty outbox (CONFLICT: push it first, so the checkpoint
 * covers what this device wrote).
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { VaultError } from '../../protocol/errors';
import type { Position } from '../batch';
import { CHECKPOINT_ITEM, encodeCheckpoint, manifestOf } from '../checkpoint';
import { tick } from '../hlc';
import { type FieldVersion, type MergeState, view } from '../item-merge';
import { makeNextBatch } from '../outgoing-batch';
import { sealRecord } from '../record-crypto';
import { signBatches } from './batch-split';
import type { OutboxEntry } from './engine-state';
import { frozenError } from './freeze';
import { RECORD_REV, sealChanges } from './outgoing-records';
import { pushOutbox } from './outbox';
import { saveSession, type SyncSession } from './session';

/** Default retention age: tombstones and history versions older than this leave the checkpoint. */
export const DEFAULT_RETENTION_MS = 90 * 24 * 3600 * 1000;

export interface CheckpointWritten {
  /** The manifest's seq in the log once acknowledged (null while still in the outbox). */
  readonly seq: number | null;
  /** The log seq the checkpoint covers. */
  readonly base: number;
  readonly items: number;
  readonly parts: number;
  readonly registered: boolean;
}

/**
 * The state a checkpoint carries for one item, or null to leave it out: per field the winner and
 * the versions stamped at or after `cutoff`; nothing for an item deleted before `cutoff`.
 */
export function retainedState(state: MergeState, cutoff: number): MergeState | null {
  const seen = view(state);
  if (seen.deleted && state.tombstone !== null && state.tombstone.stamp.wall < cutoff) return null;
  const fields: Record<string, FieldVersion[]> = {};
  for (const [name, versions] of Object.entries(state.fields)) {
    const kept = versions.filter((version, i) => i === 0 || version.stamp.wall >= cutoff);
    if (kept.length > 0) fields[name] = kept;
  }
  if (Object.keys(fields).length === 0 && state.tombstone === null) return null;
  return { fields, tombstone: state.tombstone };
}

const position = (p: { seq: number; head: string }): Position => ({ seq: p.seq, head: hexToBytes(p.head) });

/** Sign the parts and the manifest into the outbox (saved); returns the manifest's counter. */
async function signCheckpoint(session: SyncSession, retentionMs: number): Promise<{ counter: number; items: number; parts: number }> {
  const { state, ports } = session;
  if (state.frozen !== null) throw frozenError(state.frozen);
  if (state.summary === null) throw new VaultError('NOT_FOUND', `collection ${state.collection} is not pinned here yet: sync it first`);
  if (!state.summary.canWrite) throw new VaultError('UNAUTHORIZED', 'this device may not write here');
  if (ports.replica.all === undefined) throw new VaultError('BAD_INPUT', 'this replica cannot list its items');
  if (state.outbox.length > 0) throw new VaultError('CONFLICT', 'push the outbox before writing a checkpoint');
  const { summary } = state;
  const key = ports.keys.epochKey(state.collection, summary.epoch);
  if (key === null) throw new VaultError('LOCKED', `this device holds no key for epoch ${summary.epoch}`);
  const now = ports.env.now();
  const retained = new Map<string, MergeState>();
  for (const [item, merged] of await ports.replica.all(state.collection)) {
    const kept = retainedState(merged, now - retentionMs);
    if (kept !== null) retained.set(item, kept);
  }
  const context = { identity: hexToBytes(summary.owner), collection: session.collection, epoch: summary.epoch, key, author: ports.keys.device };
  const frame = {
    collection: session.collection,
    epoch: summary.epoch,
    seen: { seq: state.log.seq, head: hexToBytes(state.log.heads[state.log.seq] ?? '') },
    chains: { identity: position(summary.identity), collection: position(summary.collection) },
  };
  const signed = signBatches(ports.keys, { counter: state.run.counter, prev: hexToBytes(state.run.prev) }, frame, sealChanges(context, retained));
  const clock = tick(state.clock, now);
  const manifest = manifestOf(state.log, signed.batches.map((batch) => hexToBytes(batch.batchId)), retained.size, retentionMs, now);
  const record = sealRecord(context, { kind: 'meta', item: CHECKPOINT_ITEM, rev: RECORD_REV, hlc: clock }, encodeCheckpoint(manifest));
  const made = makeNextBatch(ports.keys, signed.run, { ...frame, records: [record] });
  const fresh = (batch: { counter: number; bytes: Uint8Array; batchId: string; items: readonly string[] }): OutboxEntry => ({ ...batch, attempts: 0, nextAttemptAt: 0, ack: null });
  const entries = [...signed.batches.map(fresh), fresh({ counter: made.run.counter, bytes: made.bytes, batchId: bytesToHex(made.batchId), items: [] })];
  session.state = { ...state, clock, outbox: entries, run: { counter: made.run.counter, prev: bytesToHex(made.run.prev) } };
  await saveSession(session);
  return { counter: made.run.counter, items: retained.size, parts: signed.batches.length };
}

/**
 * True when this device should write a checkpoint after its sync: the option is set, it may write,
 * it can list its items and register, its outbox is empty and the log grew by `checkpointEvery`
 * entries past the newest checkpoint base the server named.
 */
export function checkpointDue(session: SyncSession): boolean {
  const every = session.options.checkpointEvery;
  const { state, ports } = session;
  if (every === undefined || state.summary?.canWrite !== true || state.outbox.length > 0 || state.frozen !== null) return false;
  if (ports.replica.all === undefined || ports.transport.registerCheckpoint === undefined) return false;
  return state.log.seq - (state.serverCheckpoint?.base ?? 0) >= every;
}

/** Write, push and register a checkpoint of the session's collection at its pinned position. */
export async function writeCheckpoint(session: SyncSession, retentionMs: number = DEFAULT_RETENTION_MS): Promise<CheckpointWritten> {
  const { transport } = session.ports;
  if (transport.registerCheckpoint === undefined) throw new VaultError('BAD_INPUT', 'this transport cannot register checkpoints');
  const base = session.state.log.seq;
  const signed = await signCheckpoint(session, retentionMs);
  await pushOutbox(session);
  const ack = session.state.outbox.find((entry) => entry.counter === signed.counter)?.ack ?? null;
  if (ack === null) return { seq: null, base, items: signed.items, parts: signed.parts, registered: false };
  const ref = await transport.registerCheckpoint(session.collection, ack.seq);
  session.state = { ...session.state, serverCheckpoint: ref };
  await saveSession(session);
  return { seq: ack.seq, base, items: signed.items, parts: signed.parts, registered: true };
}
