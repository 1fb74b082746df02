/**
 * Starting from a checkpoint (docs/decisions/008-compact-checkpoints.md) when the server serves log
 * rows whose bytes were compacted away (a fresh device, or one pinned before the checkpoint's base):
 *
 * 1. the server must name a checkpoint whose base lies beyond the pinned seq        OMISSION
 * 2. the batch at its seq decodes, verifies under its signer ("batch/v1")            BAD_SIGNATURE
 *    and belongs to this collection                                                  REPLAY
 * 3. its one record is a checkpoint manifest that opens and decodes, whose base is
 *    the batch's `seen`                                                              BAD_ENCODING
 * 4. its signer is a trusted writer at the chain positions it references, judged no
 *    lower than the highs the manifest and the pinned log know; epoch not retired   UNTRUSTED_WRITER / FORK
 * 5. the heads recomputed from the pinned head through the served batch ids reach
 *    the manifest's base head (each served head matching on the way)                FORK (a gap: OMISSION)
 * 6. every device run already pinned here is a prefix of the manifest's runs        FORK
 * Then the pinned log jumps to the base {N, heads 0..N, runs at N} and the pull goes on as usual;
 * the manifest is remembered (`pendingCheckpoint`) and checked when the log reaches it: the batch
 * there must be the one read (FORK), and its signer's batches just before it exactly the listed
 * parts (OMISSION). Nothing is applied here: the parts' records (every item's state) are applied
 * when their batches are verified in the log like any other.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { equalBytes } from '../../crypto/constant-time';
import { VaultError } from '../../protocol/errors';
import { type Batch, batchIdOf } from '../batch';
import { type CheckpointManifest, decodeCheckpoint, isCheckpointRecord } from '../checkpoint';
import { nextHead } from '../log-head';
import { openBatchRecords } from '../open-batch';
import type { DevicePin, PinnedLog } from '../pinned-log';
import { checkTrust, decodeSigned, type Verified } from '../verify-batch';
import type { PendingCheckpoint } from './engine-state';
import type { CheckpointRef, ServedChange } from './ports';
import { refreshTrust, saveSession, type SyncSession } from './session';

/** True for a row served without its bytes (compacted into a checkpoint). */
export const isCompacted = (change: ServedChange): boolean => change.batchId !== undefined || change.batch.length === 0;

/** Step 2: the manifest batch, signed and of this collection. */
function readManifestBatch(session: SyncSession, change: ServedChange): Batch {
  if (isCompacted(change)) throw new VaultError('OMISSION', `the checkpoint at seq ${change.seq} was itself compacted`);
  const batch = decodeSigned(change.batch, change.seq);
  if (!equalBytes(batch.fields.collection, session.collection)) throw new VaultError('REPLAY', 'the checkpoint was signed for another collection');
  return batch;
}

/** Step 3: what the manifest states (opened only once its signer is known to be trusted). */
function openManifest(session: SyncSession, batch: Batch, seq: number): CheckpointManifest {
  const summary = session.state.summary;
  const key = session.ports.keys.epochKey(session.state.collection, batch.fields.epoch);
  const [record, ...others] = batch.fields.records;
  if (summary === null || key === null || record === undefined || others.length > 0 || !isCheckpointRecord(record)) {
    throw new VaultError('BAD_ENCODING', `the batch at seq ${seq} is not a checkpoint manifest this device can open`);
  }
  const [opened] = openBatchRecords(batch, { identity: hexToBytes(summary.owner), collection: session.collection, epoch: batch.fields.epoch, key });
  if (opened === undefined || !opened.ok) throw new VaultError('BAD_ENCODING', `the checkpoint manifest at seq ${seq} does not open`);
  let manifest: CheckpointManifest;
  try {
    manifest = decodeCheckpoint(opened.plaintext);
  } finally {
    opened.plaintext.fill(0);
  }
  const { seen } = batch.fields;
  if (manifest.base.seq !== seen.seq || !equalBytes(manifest.base.head, seen.head)) {
    throw new VaultError('BAD_ENCODING', 'the checkpoint manifest states another base than its batch saw');
  }
  return manifest;
}

/** Step 4, judged like a batch in the log with the highs the pin (and, once opened, the manifest) know. */
function checkWriter(session: SyncSession, batch: Batch, manifest: Pick<CheckpointManifest, 'identityHigh' | 'collectionHigh'>): void {
  const log = session.state.log;
  const identityHigh: Record<string, number> = { ...log.identityHigh };
  for (const high of manifest.identityHigh) {
    const id = bytesToHex(high.identity);
    identityHigh[id] = Math.max(identityHigh[id] ?? 0, high.seq);
  }
  const judged: PinnedLog = { ...log, identityHigh, collectionHigh: Math.max(log.collectionHigh, manifest.collectionHigh) };
  const trust = session.trust;
  if (trust === null) throw new VaultError('INTERNAL', 'chains are pulled before the log');
  checkTrust(judged, batch, trust.resolver);
}

/** Step 5: heads from the pinned seq to the base, from the served rows (their ids or bytes). */
async function headsToBase(session: SyncSession, base: CheckpointManifest['base']): Promise<string[]> {
  const heads = [...session.state.log.heads];
  while (heads.length - 1 < base.seq) {
    const since = heads.length - 1;
    const page = await session.ports.transport.changes(session.collection, since, session.options.pageLimit);
    const rows = page.changes.filter((change) => change.seq <= base.seq);
    if (rows.length === 0) throw new VaultError('OMISSION', `the server serves nothing after seq ${since} below the checkpoint base ${base.seq}`);
    for (const row of rows) {
      if (row.seq !== heads.length) throw new VaultError('OMISSION', `log entries ${heads.length}..${row.seq - 1} are missing`);
      const id = row.batchId ?? batchIdOf(row.batch);
      const head = nextHead(hexToBytes(heads[heads.length - 1] ?? ''), id);
      if (!equalBytes(head, row.head)) throw new VaultError('FORK', `log entry ${row.seq}: the server's head differs from the recomputed head`);
      heads.push(bytesToHex(head));
    }
  }
  if (heads[base.seq] !== bytesToHex(base.head)) throw new VaultError('FORK', `the log does not reach the checkpoint's head at seq ${base.seq}`);
  return heads;
}

/** Step 6 and the runs at the base: each pinned run must be a prefix of the manifest's. */
function runsAtBase(session: SyncSession, manifest: CheckpointManifest): Record<string, DevicePin> {
  const log = session.state.log;
  const own = bytesToHex(session.ports.keys.device);
  const outbox = new Map(session.state.outbox.map((entry) => [entry.counter, entry.batchId]));
  const runs = new Map(manifest.runs.map((run) => [bytesToHex(run.device), run]));
  for (const [device, pin] of Object.entries(log.devices)) {
    const run = runs.get(device);
    const extends_ = run !== undefined && bytesToHex(run.identity) === pin.identity && run.counter >= pin.counter;
    if (!extends_ || (run.counter === pin.counter && bytesToHex(run.last) !== pin.batches[pin.counter - 1])) {
      throw new VaultError('FORK', `the checkpoint does not extend the pinned run of device ${device}`);
    }
  }
  const devices: Record<string, DevicePin> = {};
  for (const [device, run] of runs) {
    const known = log.devices[device]?.batches ?? [];
    const mine = device === own ? outbox : new Map<number, string>();
    const batches = Array.from({ length: run.counter }, (_, i) => known[i] ?? mine.get(i + 1) ?? '');
    const last = bytesToHex(run.last);
    if (batches[run.counter - 1] !== '' && batches[run.counter - 1] !== last) throw new VaultError('FORK', `the checkpoint holds another batch of this device at counter ${run.counter}`);
    batches[run.counter - 1] = last;
    devices[device] = { identity: bytesToHex(run.identity), counter: run.counter, batches, identitySeq: run.identitySeq, collectionSeq: run.collectionSeq };
  }
  return devices;
}

/** Jump the pinned log to the checkpoint `ref` names (steps 1–6); saved. */
export async function startFromCheckpoint(session: SyncSession, ref: CheckpointRef | undefined): Promise<void> {
  const log = session.state.log;
  if (ref === undefined || ref.base <= log.seq || ref.seq <= ref.base) {
    throw new VaultError('OMISSION', `the server compacted log entries after seq ${log.seq} without a checkpoint covering them`);
  }
  const page = await session.ports.transport.changes(session.collection, ref.seq - 1, 1);
  const served = page.changes[0];
  if (served === undefined || served.seq !== ref.seq) throw new VaultError('OMISSION', `the server names a checkpoint at seq ${ref.seq} but does not serve it`);
  const batch = readManifestBatch(session, served);
  if (session.trust === null) await refreshTrust(session);
  checkWriter(session, batch, { identityHigh: [], collectionHigh: 0 });
  const manifest = openManifest(session, batch, served.seq);
  if (manifest.base.seq !== ref.base) throw new VaultError('FORK', 'the checkpoint covers another position than the server says');
  checkWriter(session, batch, manifest);
  const heads = await headsToBase(session, manifest.base);
  const devices = runsAtBase(session, manifest);
  const identityHigh: Record<string, number> = { ...log.identityHigh };
  for (const high of manifest.identityHigh) identityHigh[bytesToHex(high.identity)] = Math.max(identityHigh[bytesToHex(high.identity)] ?? 0, high.seq);
  const pinned: PinnedLog = { collection: log.collection, seq: manifest.base.seq, heads, devices, identityHigh, collectionHigh: Math.max(log.collectionHigh, manifest.collectionHigh) };
  const pending: PendingCheckpoint = { seq: ref.seq, batchId: bytesToHex(batch.batchId), device: bytesToHex(batch.fields.device), parts: manifest.parts.map((part) => bytesToHex(part)) };
  session.state = { ...session.state, log: pinned, pendingCheckpoint: pending };
  await saveSession(session);
}

/**
 * When a verified page reaches the pending checkpoint: the batch there must be the manifest read
 * (FORK) and its signer's batches just before it exactly the listed parts (OMISSION). Returns the
 * checkpoint still pending after this page.
 */
export function meetCheckpoint(pending: PendingCheckpoint | null | undefined, verified: Verified, firstSeq: number): PendingCheckpoint | null {
  if (pending === null || pending === undefined) return null;
  const batch = verified.batches[pending.seq - firstSeq];
  if (batch === undefined) return pending;
  if (bytesToHex(batch.batchId) !== pending.batchId) throw new VaultError('FORK', `the log holds another batch at the checkpoint's seq ${pending.seq}`);
  const pin = verified.state.devices[pending.device];
  const counter = batch.fields.counter;
  const before = pin?.batches.slice(counter - 1 - pending.parts.length, counter - 1) ?? [];
  if (before.length !== pending.parts.length || before.some((id, i) => id !== pending.parts[i])) {
    throw new VaultError('OMISSION', 'the log does not hold every part of the checkpoint before its manifest');
  }
  return null;
}
