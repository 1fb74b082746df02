/**
 * The hash-linking rule shared by identity chains and collection chains (DESIGN.md §5): entry n has
 * seq n and `prev` = SHA-256 of entry n−1's exact bytes (32 zero bytes for the genesis at seq 0).
 *
 * Refuses: a second entry at a position already taken (FORK); a gap or a jump in seq, or a `prev`
 * that is not the previous entry's hash, e.g. reordered or spliced entries (BAD_CHAIN). Decoding
 * failures keep their code (BAD_ENCODING, UNKNOWN_VERSION) and gain the entry's position.
 */
import { equalBytes } from '../crypto/constant-time';
import { VaultError } from '../protocol/errors';
import { chainError, decodeEntry, type Entry, type EntryBody, GENESIS_PREV } from './entry';

/** Where a chain stands: the number of entries so far and the hash of the last one. */
export interface ChainPosition {
  readonly length: number;
  readonly head: Uint8Array;
}

/** Decode the entry at `index`, naming the position in any refusal. */
export function decodeAt(bytes: Uint8Array, index: number): Entry {
  try {
    return decodeEntry(bytes);
  } catch (error) {
    if (error instanceof VaultError) throw new VaultError(error.code, `entry at index ${index}: ${error.message}`);
    throw error;
  }
}

/** Throw unless `body` is the next entry after `position` (null: before the genesis). */
export function checkLink(position: ChainPosition | null, body: EntryBody): void {
  const expected = position?.length ?? 0;
  if (body.seq < expected) {
    throw chainError('FORK', body, `a second entry at seq ${body.seq}, which is already taken`);
  }
  if (body.seq !== expected) {
    throw chainError('BAD_CHAIN', body, `seq must be ${expected} (entries are contiguous and in order)`);
  }
  const head = position?.head ?? GENESIS_PREV;
  if (!equalBytes(body.prev, head)) {
    throw chainError('BAD_CHAIN', body, 'prev is not the hash of the previous entry');
  }
}

/** A map key for ids and public keys: their lowercase hex. */
export function keyOf(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}
