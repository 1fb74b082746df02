/**
 * One sync of one collection (DESIGN.md §6), in this order:
 * 1. a frozen collection returns at once: nothing fetched, applied or pushed;
 * 2. the chains are pulled, checked to extend the pinned ones and validated (chain-pins.ts);
 * 2b. records quarantined for an epoch key now held are opened again (quarantine-retry.ts);
 * 3. the log is pulled page by page, each page verified before any of it is applied (log-pull.ts);
 * 4. acknowledgements are checked and outbox entries the log holds are settled (outbox.ts);
 * 5. the outbox is pushed in order; when anything was pushed the log is pulled again, so the
 *    server's acknowledgement is checked against the log at once;
 * 6. heartbeats: this device's at most hourly, and every peer's checked after pulling everything,
 *    then silence (heartbeat-exchange.ts);
 * 7. with the `checkpointEvery` option, a checkpoint when the log grew that much past the newest
 *    one the server names (checkpoint-write.ts).
 * A failed check (freeze.ts) freezes the collection with its state; verified pages applied before
 * it stay applied, nothing after it is. A network failure (UNAVAILABLE, RATE_LIMITED) ends the sync
 * as "offline", keeping every verified page and every outbox entry. `lastSyncAt` is the time of
 * the last complete, verified pull.
 */
import { VaultError } from '../../protocol/errors';
import type { SyncOutcome, SyncReport } from './engine-api';
import { frozenFrom, isFreezing } from './freeze';
import { checkpointDue, writeCheckpoint } from './checkpoint-write';
import { exchangeHeartbeats } from './heartbeat-exchange';
import { pullLog } from './log-pull';
import { pushOutbox, retryAt, settleOutbox } from './outbox';
import { retryQuarantined } from './quarantine-retry';
import { refreshTrust, saveSession, type SyncSession } from './session';

const OFFLINE = new Set(['UNAVAILABLE', 'RATE_LIMITED']);

/** The report of the session so far. */
export function reportOf(session: SyncSession, status: SyncOutcome): SyncReport {
  const { state, counts } = session;
  return {
    status,
    ...(state.frozen !== null ? { state: state.frozen.code } : {}),
    pulled: counts.pulled,
    pushed: counts.pushed,
    pending: state.outbox.length,
    quarantined: counts.quarantined,
    ...(counts.recoverySigned.length > 0 ? { recoverySigned: [...counts.recoverySigned] } : {}),
    ...(counts.peersAhead !== undefined ? { peersAhead: counts.peersAhead } : {}),
    lastSyncAt: state.lastSyncAt,
    retryAt: retryAt(state.outbox),
  };
}

async function pullAndSettle(session: SyncSession): Promise<void> {
  const claimed = await pullLog(session);
  settleOutbox(session, claimed);
  session.state = { ...session.state, lastSyncAt: session.ports.env.now() };
  await saveSession(session);
}

async function syncSteps(session: SyncSession): Promise<SyncOutcome> {
  const trust = await refreshTrust(session);
  await retryQuarantined(session);
  await pullAndSettle(session);
  const pushed = await pushOutbox(session);
  if (session.counts.pushed > 0) await pullAndSettle(session);
  await exchangeHeartbeats(session, session.trust ?? trust);
  await saveSession(session);
  if (pushed === 'done' && checkpointDue(session)) await writeCheckpoint(session, session.options.retentionMs);
  return pushed === 'offline' ? 'offline' : 'ok';
}

/** Handle the outcome of a failed operation: freeze, go offline, or rethrow (state saved first). */
export async function settleFailure(session: SyncSession, error: unknown): Promise<SyncReport> {
  if (isFreezing(error)) {
    session.state = { ...session.state, frozen: frozenFrom(error, session.ports.env.now()) };
    await saveSession(session);
    return reportOf(session, 'frozen');
  }
  await saveSession(session);
  if (error instanceof VaultError && OFFLINE.has(error.code)) return reportOf(session, 'offline');
  throw error;
}

/** Sync the session's collection once. */
export async function runSync(session: SyncSession): Promise<SyncReport> {
  if (session.state.frozen !== null) return reportOf(session, 'frozen');
  try {
    return reportOf(session, await syncSteps(session));
  } catch (error) {
    return settleFailure(session, error);
  }
}
