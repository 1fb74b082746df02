/**
 * Pulling a collection log (DESIGN.md §6 "Verification before anything is applied"): page by page
 * from the pinned seq, each page verified whole by verifyPull (verify-batch.ts) BEFORE anything of
 * it is applied; then its records are opened (incoming-records.ts), merged into the replica's
 * states (item-merge.ts) and applied in one Replica.apply, and the new pinned log is saved.
 *
 * The server's claim for a page is its last entry's {seq, head} (each entry's head is checked too);
 * a page that is empty while the server says more remain is OMISSION. The first page overlaps the
 * pinned entry, so a log cut back or replaced at the pinned seq is ROLLBACK or FORK at once. A page that fails
 * verification once is retried after pulling the chains again (a batch may reference a chain entry
 * appended after our chain pull); a second failure throws its state and the caller freezes.
 * Rows served without their bytes (compacted) send the pull through checkpoint-pull.ts first.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { VaultError } from '../../protocol/errors';
import type { Position } from '../batch';
import { EMPTY_STATE, merge, type MergeState } from '../item-merge';
import { type LogEntry, type Verified, verifyPull } from '../verify-batch';
import { isCompacted, meetCheckpoint, startFromCheckpoint } from './checkpoint-pull';
import { keepNewest, QUARANTINE_LIMIT } from './engine-state';
import { isFreezing } from './freeze';
import { openVerifiedBatches } from './incoming-records';
import type { ServedChange } from './ports';
import { refreshTrust, saveSession, type SyncSession } from './session';

/** Verify one page, pulling the chains again once if it fails. */
async function verifyPage(session: SyncSession, entries: readonly LogEntry[], claimed: Position): Promise<Verified> {
  const trust = session.trust ?? (await refreshTrust(session));
  try {
    return verifyPull(session.state.log, entries, claimed, trust.resolver);
  } catch (error) {
    if (!isFreezing(error)) throw error;
    const fresh = await refreshTrust(session);
    return verifyPull(session.state.log, entries, claimed, fresh.resolver);
  }
}

/** Merge opened deltas into the replica in one apply. */
async function applyDeltas(session: SyncSession, deltas: ReadonlyMap<string, MergeState>): Promise<void> {
  if (deltas.size === 0) return;
  const { replica } = session.ports;
  const current = await replica.states(session.state.collection, [...deltas.keys()]);
  const merged = new Map<string, MergeState>();
  for (const [item, delta] of deltas) merged.set(item, merge(current.get(item) ?? EMPTY_STATE, delta));
  await replica.apply(session.state.collection, merged);
}

/** Open, apply and pin one verified page. */
async function applyPage(session: SyncSession, verified: Verified, firstSeq: number): Promise<void> {
  const { keys, env } = session.ports;
  const summary = session.state.summary;
  if (summary === null) throw new VaultError('INTERNAL', 'chains are pulled before the log');
  const batches = verified.batches.map((batch, i) => ({ seq: firstSeq + i, batch }));
  const opened = openVerifiedBatches(
    batches,
    { owner: hexToBytes(summary.owner), collection: session.collection, keyOf: (epoch) => keys.epochKey(session.state.collection, epoch), now: env.now() },
    session.state.clock,
  );
  const pendingCheckpoint = meetCheckpoint(session.state.pendingCheckpoint, verified, firstSeq);
  await applyDeltas(session, opened.deltas);
  session.counts.pulled += batches.length;
  session.counts.quarantined += opened.quarantined.length;
  session.state = {
    ...session.state,
    log: verified.state,
    pendingCheckpoint,
    clock: opened.clock,
    quarantine: keepNewest([...session.state.quarantine, ...opened.quarantined], QUARANTINE_LIMIT),
  };
  await saveSession(session);
}

/**
 * The first page starts one entry early, at the pinned seq itself: the server must still serve the
 * pinned entry with the pinned head, so a log cut back behind it is ROLLBACK and another entry
 * there is FORK, even when nothing new follows (a changes page carries no head of its own).
 */
function checkOverlap(session: SyncSession, changes: readonly ServedChange[]): ServedChange[] {
  const log = session.state.log;
  const [first, ...rest] = changes;
  if (first === undefined || first.seq !== log.seq) {
    throw new VaultError('ROLLBACK', `the server no longer serves the pinned log entry ${log.seq}`);
  }
  if (bytesToHex(first.head) !== log.heads[log.seq]) throw new VaultError('FORK', `the server's log differs at the pinned seq ${log.seq}`);
  return rest;
}

/** Pull every page after the pinned seq; returns the server's last claimed position. */
export async function pullLog(session: SyncSession): Promise<Position> {
  const { transport } = session.ports;
  let overlap = session.state.log.seq > 0;
  for (;;) {
    const log = session.state.log;
    const page = await transport.changes(session.collection, overlap ? log.seq - 1 : log.seq, session.options.pageLimit);
    const served = overlap ? checkOverlap(session, page.changes) : page.changes;
    if (page.checkpoint !== undefined) session.state = { ...session.state, serverCheckpoint: page.checkpoint };
    if (served.some(isCompacted)) {
      await startFromCheckpoint(session, page.checkpoint);
      overlap = true;
      continue;
    }
    const entries: LogEntry[] = served.map((change) => ({ seq: change.seq, batch: change.batch, head: change.head }));
    if (entries.length === 0 && page.next !== undefined && !overlap) {
      throw new VaultError('OMISSION', `the server says more changes follow seq ${log.seq} but serves none`);
    }
    overlap = false;
    const last = served[served.length - 1];
    const claimed: Position = last !== undefined ? { seq: last.seq, head: last.head } : { seq: log.seq, head: hexToBytes(log.heads[log.seq] ?? '') };
    if (entries.length > 0) await applyPage(session, await verifyPage(session, entries, claimed), log.seq + 1);
    if (page.next === undefined) return { seq: claimed.seq, head: claimed.head };
  }
}
