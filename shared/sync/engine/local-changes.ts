/**
 * Local changes into the outbox (DESIGN.md §6 "Log", "Records"), and the stamps they carry.
 *
 * `stampLocal` ticks the collection's hybrid logical clock (hlc.ts), which has already moved past
 * every stamp this device received here, so an edit made after seeing a peer's edit wins over it
 * even when the peer's clock runs hours ahead: a skewed clock neither loses nor reorders edits.
 *
 * `recordLocal` seals the changes under the current epoch (outgoing-records.ts), signs them as
 * this device's next batch(es) with seen = the pinned log position and chains = the pinned chain
 * heads (batch-split.ts), and stores outbox and run together in one save: the run advances only
 * when the signed bytes are stored. Refused while frozen (the freezing code), before the chains
 * are pinned (NOT_FOUND), when this device is revoked or its identity is not a writer here
 * (UNAUTHORIZED), without the epoch key (LOCKED), and for a local stamp that is neither
 * from this clock nor within a day of the wall clock (BAD_INPUT).
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { VaultError } from '../../protocol/errors';
import { type Hlc, receive, type Stamp, tick } from '../hlc';
import type { MergeState } from '../item-merge';
import { signBatches } from './batch-split';
import type { ItemChange, RecordedChanges } from './engine-api';
import type { ChainSummary, HexPosition, OutboxEntry } from './engine-state';
import { frozenError } from './freeze';
import { deltasByItem, sealChanges } from './outgoing-records';
import { stampsOf } from './record-payload';
import { saveSession, type SyncSession } from './session';

const position = (p: HexPosition) => ({ seq: p.seq, head: hexToBytes(p.head) });

/** The next stamp of this device in the session's collection (saved). */
export async function stampLocal(session: SyncSession): Promise<Stamp> {
  const clock = tick(session.state.clock, session.ports.env.now());
  session.state = { ...session.state, clock };
  await saveSession(session);
  return { wall: clock.wall, counter: clock.counter, device: bytesToHex(session.ports.keys.device) };
}

function observeLocal(clock: Hlc, deltas: ReadonlyMap<string, MergeState>, now: number): Hlc {
  let current = clock;
  for (const delta of deltas.values()) {
    for (const stamp of stampsOf(delta)) {
      if (stamp.wall < current.wall || (stamp.wall === current.wall && stamp.counter <= current.counter)) continue;
      try {
        current = receive(current, stamp, now);
      } catch {
        throw new VaultError('BAD_INPUT', 'a local change carries a stamp more than a day ahead');
      }
    }
  }
  return current;
}

export function writable(session: SyncSession): { summary: ChainSummary; key: Uint8Array } {
  const { state } = session;
  if (state.frozen !== null) throw frozenError(state.frozen);
  if (state.summary === null) throw new VaultError('NOT_FOUND', `collection ${state.collection} is not pinned here yet: sync it first`);
  if (!state.summary.canWrite) throw new VaultError('UNAUTHORIZED', `this device may not write to ${state.collection} (revoked, or not an owner, admin or editor)`);
  const key = session.ports.keys.epochKey(state.collection, state.summary.epoch);
  if (key === null) throw new VaultError('LOCKED', `this device holds no key for epoch ${state.summary.epoch} of ${state.collection}`);
  return { summary: state.summary, key };
}

/** Seal and sign `changes` into the outbox. */
export async function recordLocal(session: SyncSession, changes: readonly ItemChange[]): Promise<RecordedChanges> {
  const { summary, key } = writable(session);
  const { keys, env } = session.ports;
  const deltas = deltasByItem(changes);
  if (deltas.size === 0) return { counters: [], pending: session.state.outbox.length };
  const clock = observeLocal(session.state.clock, deltas, env.now());
  const sealed = sealChanges({ identity: hexToBytes(summary.owner), collection: session.collection, epoch: summary.epoch, key, author: keys.device }, deltas);
  const { state } = session;
  const signed = signBatches(
    keys,
    { counter: state.run.counter, prev: hexToBytes(state.run.prev) },
    {
      collection: session.collection,
      epoch: summary.epoch,
      seen: { seq: state.log.seq, head: hexToBytes(state.log.heads[state.log.seq] ?? '') },
      chains: { identity: position(summary.identity), collection: position(summary.collection) },
    },
    sealed,
  );
  const entries: OutboxEntry[] = signed.batches.map((batch) => ({ ...batch, attempts: 0, nextAttemptAt: 0, ack: null }));
  session.state = {
    ...state,
    clock,
    outbox: [...state.outbox, ...entries],
    run: { counter: signed.run.counter, prev: bytesToHex(signed.run.prev) },
  };
  await saveSession(session);
  return { counters: entries.map((entry) => entry.counter), pending: session.state.outbox.length };
}
