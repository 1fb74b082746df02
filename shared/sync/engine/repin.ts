/**
 * Re-pinning a frozen collection (DESIGN.md §6 "Re-pinning needs explicit user approval and is
 * itself logged"). Called only on the user's approval:
 * 1. the chains are fetched from their genesis and validated again, without requiring them to
 *    extend the pinned ones (they still must follow every chain rule);
 * 2. the log is verified again from seq 1 (verify-batch.ts, every check but "extends the pinned
 *    head") and its records applied again: merging is idempotent, so nothing doubles, and anything
 *    missed comes in;
 * 3. this device's own run restarts from what the re-pinned log holds of it; the items of every
 *    own batch the log no longer holds (outbox, or published and then lost in a rollback) are
 *    published again from the replica's current states, so no local edit is lost;
 * 4. peers' silence windows restart (the user acknowledged a STALE device);
 * 5. a re-pin record {at, code, message, from, to, chain heads} is appended and the collection
 *    unfreezes.
 * A check that still fails throws its state (the caller keeps the collection frozen under it);
 * the outbox is kept until the re-pin completes.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { ZERO_HASH } from '../batch';
import { emptyPinnedLog } from '../pinned-log';
import type { ItemChange } from './engine-api';
import { logPosition, type PublishedBatch, type RepinRecord } from './engine-state';
import { recordLocal } from './local-changes';
import { pullLog } from './log-pull';
import { newestStampOf, normalDelta } from './record-payload';
import { refreshTrust, saveSession, type SyncSession } from './session';

/** Items of own batches the re-pinned log does not hold, and the batches it does hold. */
function ownBatches(session: SyncSession): { lost: Set<string>; held: PublishedBatch[] } {
  const { state } = session;
  const mine = state.log.devices[bytesToHex(session.ports.keys.device)];
  const lost = new Set<string>();
  const held: PublishedBatch[] = [];
  for (const batch of [...state.published, ...state.outbox]) {
    if (mine?.batches[batch.counter - 1] === batch.batchId) held.push({ counter: batch.counter, batchId: batch.batchId, items: batch.items });
    else for (const item of batch.items) lost.add(item);
  }
  return { lost, held };
}

/** Re-pin the session's frozen collection to what the server shows now; no-op when not frozen. */
export async function approveRepinning(session: SyncSession): Promise<void> {
  const frozen = session.state.frozen;
  if (frozen === null) return;
  const from = logPosition(session.state);
  const trust = await refreshTrust(session, true);
  session.state = { ...session.state, log: emptyPinnedLog(session.collection), pendingCheckpoint: null, quarantine: [] };
  await pullLog(session);
  const { lost, held } = ownBatches(session);
  const mine = session.state.log.devices[bytesToHex(session.ports.keys.device)];
  const counter = mine?.counter ?? 0;
  const now = session.ports.env.now();
  const record: RepinRecord = {
    at: now,
    code: frozen.code,
    message: frozen.message,
    from,
    to: logPosition(session.state),
    chains: { identity: trust.summary.identity, collection: trust.summary.collection },
  };
  session.state = {
    ...session.state,
    run: { counter, prev: mine?.batches[counter - 1] ?? bytesToHex(ZERO_HASH) },
    outbox: [],
    published: held.sort((a, b) => a.counter - b.counter),
    peers: Object.fromEntries(Object.keys(session.state.peers).map((device) => [device, now])),
    frozen: null,
    repins: [...session.state.repins, record],
  };
  await saveSession(session);
  if (lost.size === 0) return;
  const states = await session.ports.replica.states(session.state.collection, [...lost]);
  const changes: ItemChange[] = [...states]
    .map(([itemId, state]) => ({ itemId, delta: normalDelta(state) }))
    .filter((change) => newestStampOf(change.delta) !== null);
  await recordLocal(session, changes);
}
