/**
 * Log heads (DESIGN.md §6 "Log"): the server chains each collection log as
 *   head_0 = 32 zero bytes,  head_n = SHA-256(head_{n-1} ‖ batch_id_n)
 * so one 32-byte head at seq n commits to every batch up to n, in order. Clients recompute heads from
 * the batches they receive and compare them with the heads they pinned.
 *
 * Refuses: a previous head or batch id that is not 32 bytes (BAD_INPUT).
 */
import { concatBytes } from '@noble/hashes/utils.js';
import { sha256 } from '../crypto/hash';
import { VaultError } from '../protocol/errors';
import { HASH_LENGTH, ZERO_HASH } from './batch';

/** The head of an empty log. */
export const GENESIS_HEAD: Uint8Array = ZERO_HASH;

/** The head after appending the batch `batchId` to a log whose head was `previous`. */
export function nextHead(previous: Uint8Array, batchId: Uint8Array): Uint8Array {
  if (previous.length !== HASH_LENGTH || batchId.length !== HASH_LENGTH) {
    throw new VaultError('BAD_INPUT', `log heads and batch ids are ${HASH_LENGTH} bytes`);
  }
  return sha256(concatBytes(previous, batchId));
}

/** The head after appending `batchIds` in order to a log whose head was `from` (default: empty log). */
export function headOf(batchIds: readonly Uint8Array[], from: Uint8Array = GENESIS_HEAD): Uint8Array {
  return batchIds.reduce<Uint8Array>((head, id) => nextHead(head, id), from);
}
