/**
 * The hash-linking rule shared by identity chains and collection chains (DESIGN.md §5): entry n has
 * seq n and `prev` = SHA-256 of entry n−1's exact bytes (32 zero bytes for the genesis at seq 0).
 *
 * Refuses: a second entry at a position already taken (FORK); a gap or a jump in seq, or a `prev`
 * that is not the previous entry's hash, e.g. reordered or spliced entries (BAD_CHAIN). Decoding
 * failures keep their code (BAD_ENCODING, UNKNOWN_VERSION) and gain the entry's position.
 * Against a head the client pinned earlier: a chain shorter than it (ROLLBACK), or one holding
 * another entry at its position (FORK).
 */
import { equalBytes } from '../crypto/constant-time';
import { VaultError } from '../protocol/errors';
import { chainError, decodeEntry, entryHash, type Entry, type EntryBody, GENESIS_PREV } from './entry';

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

/**
 * Throw unless `entries` extend the position pinned earlier: at least as long, and holding the pinned
 * head at the pinned position. Checks bytes only; validate the chain itself as well.
 */
export function checkExtendsPinned(entries: readonly Uint8Array[], pinned: ChainPosition): void {
  if (entries.length < pinned.length) {
    throw new VaultError('ROLLBACK', `the chain has ${entries.length} entries, fewer than the ${pinned.length} pinned`);
  }
  const atPinned = entries[pinned.length - 1];
  if (pinned.length > 0 && (atPinned === undefined || !equalBytes(entryHash(atPinned), pinned.head))) {
    throw new VaultError('FORK', `entry ${pinned.length - 1} differs from the pinned head`);
  }
}

/** A map key for ids and public keys: their lowercase hex. */
export function keyOf(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}
