/**
 * The outbox (DESIGN.md §6 "Log"): this device's signed batches, pushed in counter order and resent
 * byte for byte until a pull shows them in the log.
 *
 * Pushing: the entries not yet acknowledged are appended one by one, in order (a later counter
 * before an earlier one would look like OMISSION to readers), stopping at the first failure. A
 * network failure or rate limit (UNAVAILABLE, RATE_LIMITED) counts an attempt and waits
 * backoff.ts's delay; an entry waiting for its time stops the push. CONFLICT (another batch holds
 * our counter on the server) is FORK. Nothing is pushed once the chains show this device revoked
 * or its identity without a write role (UNAUTHORIZED): readers would refuse the batch and freeze.
 *
 * Settling, after each pull: every acknowledgement is checked (acknowledgement.ts: a server head
 * behind it is ROLLBACK, another head at its seq FORK); an entry whose batch the pinned log holds
 * under this device's run leaves the outbox (noted in `published`), and another batch under one
 * of our counters is FORK.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { VaultError } from '../../protocol/errors';
import { checkAcknowledged } from '../acknowledgement';
import type { Position } from '../batch';
import { backoffDelay } from './backoff';
import { keepNewest, type OutboxEntry, PUBLISHED_LIMIT } from './engine-state';
import { saveSession, type SyncSession } from './session';

/** Check acknowledgements against the pinned log and drop the entries the log now holds. */
export function settleOutbox(session: SyncSession, serverHead: Position): void {
  const { state } = session;
  const acks = state.outbox.flatMap((entry) => (entry.ack === null ? [] : [{ seq: entry.ack.seq, head: hexToBytes(entry.ack.head) }]));
  checkAcknowledged(state.log, serverHead, acks);
  const mine = state.log.devices[bytesToHex(session.ports.keys.device)];
  const held: OutboxEntry[] = [];
  const kept: OutboxEntry[] = [];
  for (const entry of state.outbox) {
    const inLog = mine?.batches[entry.counter - 1];
    if (inLog === undefined) kept.push(entry);
    else if (inLog === entry.batchId) held.push(entry);
    else throw new VaultError('FORK', `the log holds another batch under this device's counter ${entry.counter}`);
  }
  if (held.length === 0) return;
  const published = [...state.published, ...held.map((entry) => ({ counter: entry.counter, batchId: entry.batchId, items: entry.items }))];
  session.state = { ...state, outbox: kept, published: keepNewest(published, PUBLISHED_LIMIT) };
}

function replace(session: SyncSession, entry: OutboxEntry): void {
  session.state = { ...session.state, outbox: session.state.outbox.map((e) => (e.counter === entry.counter ? entry : e)) };
}

const RETRYABLE = new Set(['UNAVAILABLE', 'RATE_LIMITED']);

/** Push the unacknowledged entries in order; 'offline' when one failed and waits for its backoff. */
export async function pushOutbox(session: SyncSession): Promise<'done' | 'offline' | 'waiting'> {
  const { transport, env } = session.ports;
  if (session.state.outbox.some((entry) => entry.ack === null) && session.state.summary?.canWrite !== true) {
    throw new VaultError('UNAUTHORIZED', 'this device may no longer write here (revoked, or its identity lost its write role): the outbox is kept, not pushed');
  }
  const ordered = [...session.state.outbox].sort((a, b) => a.counter - b.counter);
  for (const entry of ordered) {
    if (entry.ack !== null) continue;
    if (entry.nextAttemptAt > env.now()) return 'waiting';
    let position: Position;
    try {
      position = await transport.appendBatch(session.collection, entry.bytes, entry.counter);
    } catch (error) {
      if (error instanceof VaultError && RETRYABLE.has(error.code)) {
        const attempts = entry.attempts + 1;
        replace(session, { ...entry, attempts, nextAttemptAt: env.now() + backoffDelay(attempts, env.random(), session.options.backoff) });
        await saveSession(session);
        return 'offline';
      }
      if (error instanceof VaultError && error.code === 'CONFLICT') {
        throw new VaultError('FORK', `the server holds another batch under this device's counter ${entry.counter}`);
      }
      throw error;
    }
    replace(session, { ...entry, attempts: 0, nextAttemptAt: 0, ack: { seq: position.seq, head: bytesToHex(position.head) } });
    session.counts.pushed += 1;
    await saveSession(session);
  }
  return 'done';
}

/** When the next push may be tried, if an entry waits for its backoff. */
export function retryAt(entries: readonly OutboxEntry[]): number | null {
  const waiting = entries.filter((entry) => entry.ack === null && entry.attempts > 0).map((entry) => entry.nextAttemptAt);
  return waiting.length === 0 ? null : Math.min(...waiting);
}
