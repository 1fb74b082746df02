/**
 * Checking the server's acknowledgements (DESIGN.md §6 "Freshness": a device checks its
 * acknowledged batch appears in its next pull). When the server accepts a batch it answers
 * {seq, head}; once the pinned log reaches that seq, the head there must be the acknowledged one,
 * and the server's head may never fall behind an acknowledged seq.
 *
 * Refuses: a server head behind an acknowledged seq (ROLLBACK); a pinned head at the acknowledged
 * seq that differs from the acknowledged head, i.e. our batch was dropped or replaced (FORK).
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { VaultError } from '../protocol/errors';
import type { Position } from './batch';
import type { PinnedLog } from './pinned-log';

/**
 * Check the acknowledgements against the pinned log and the server's current head; returns those not
 * yet reached by the pinned log (still to check after the next pull).
 */
export function checkAcknowledged(log: PinnedLog, serverHead: Position, acks: readonly Position[]): Position[] {
  const pending: Position[] = [];
  for (const ack of acks) {
    if (serverHead.seq < ack.seq) throw new VaultError('ROLLBACK', `server head ${serverHead.seq} is behind our acknowledged batch at ${ack.seq}`);
    if (ack.seq > log.seq) {
      pending.push(ack);
    } else if (log.heads[ack.seq] !== bytesToHex(ack.head)) {
      throw new VaultError('FORK', `the log at our acknowledged seq ${ack.seq} is not what the server acknowledged`);
    }
  }
  return pending;
}
