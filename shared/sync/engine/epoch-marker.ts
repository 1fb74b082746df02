/**
 * The epoch marker (DESIGN.md §5 "Revocation order": "between revoke and rotate the old epoch is
 * read-only"; docs/decisions/009-revoked-device-told-and-wiped.md). Trust in a batch is judged at the
 * highest chain position its log has referenced so far (verify-batch.ts), so a batch backdated by
 * a revoked device is refused only once the log holds a batch made after the revocation. After a
 * rotation, the re-encryption batches are that evidence; a collection with no live item would have
 * none, and a batch the revoked device signed at the old epoch and an old position would still be
 * accepted there. So the rotating device always signs one batch in the new epoch, with no record
 * when nothing else is written: it references the identity chain after the revocation and the
 * collection chain after the rotate-key entry, and every reader's high-water marks move past both.
 *
 * It is an ordinary signed batch of this device (next counter, prev, seen, chains), kept in the
 * outbox and pushed idempotently like any other. Refused as recordLocal refuses (frozen, not pinned,
 * not a writer, no key for the current epoch).
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { makeNextBatch } from '../outgoing-batch';
import type { RecordedChanges } from './engine-api';
import type { HexPosition, OutboxEntry } from './engine-state';
import { writable } from './local-changes';
import { saveSession, type SyncSession } from './session';

const position = (p: HexPosition) => ({ seq: p.seq, head: hexToBytes(p.head) });

/** Sign one batch with no record in the current epoch, at the pinned chain heads, into the outbox. */
export async function recordEpochMarker(session: SyncSession): Promise<RecordedChanges> {
  const { summary } = writable(session);
  const { state } = session;
  const made = makeNextBatch(session.ports.keys, { counter: state.run.counter, prev: hexToBytes(state.run.prev) }, {
    collection: session.collection,
    epoch: summary.epoch,
    seen: { seq: state.log.seq, head: hexToBytes(state.log.heads[state.log.seq] ?? '') },
    chains: { identity: position(summary.identity), collection: position(summary.collection) },
    records: [],
  });
  const entry: OutboxEntry = { counter: made.run.counter, bytes: made.bytes, batchId: bytesToHex(made.batchId), items: [], attempts: 0, nextAttemptAt: 0, ack: null };
  session.state = { ...state, outbox: [...state.outbox, entry], run: { counter: made.run.counter, prev: bytesToHex(made.run.prev) } };
  await saveSession(session);
  return { counters: [entry.counter], pending: session.state.outbox.length };
}
