/**
 * What a client pins about one collection log (DESIGN.md §6 "Verification before anything is
 * applied"): the last verified seq and every head up to it (the seen-heads history), each device's
 * run of batches (counter and batch ids, so a replay and an equivocation can be told apart) and the
 * highest chain positions referenced in the log (so trust is never judged at an older position).
 *
 * Plain data with hex strings for ids, so it is stored as is (IndexedDB) and compared deeply in tests.
 * Every function here returns a new value; nothing is mutated in place.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { ZERO_HASH } from './batch';

/** One device's run of batches in this log. */
export interface DevicePin {
  /** Hex identity id the device belongs to; a device id never changes identity. */
  readonly identity: string;
  /** The counter of its last verified batch. */
  readonly counter: number;
  /** Hex batch ids of its verified batches; `batches[c - 1]` is the batch with counter c. */
  readonly batches: readonly string[];
  /** The identity and collection chain seqs its last batch referenced (never go backwards). */
  readonly identitySeq: number;
  readonly collectionSeq: number;
}

/** The pinned state of one collection log. */
export interface PinnedLog {
  /** Hex collection id. */
  readonly collection: string;
  /** Seq of the last verified batch; 0 before any. */
  readonly seq: number;
  /** Hex log heads: `heads[n]` is head_n, `heads[0]` the zero head; length is seq + 1. */
  readonly heads: readonly string[];
  /** Device pins by hex device id. */
  readonly devices: Readonly<Record<string, DevicePin>>;
  /** Highest identity chain seq referenced in this log, by hex identity id. */
  readonly identityHigh: Readonly<Record<string, number>>;
  /** Highest collection chain seq referenced in this log. */
  readonly collectionHigh: number;
}

/** The pinned state of a log the client has not read yet. */
export function emptyPinnedLog(collection: Uint8Array): PinnedLog {
  return { collection: bytesToHex(collection), seq: 0, heads: [bytesToHex(ZERO_HASH)], devices: {}, identityHigh: {}, collectionHigh: 0 };
}

/** The pinned head (hex) at `seq`, or undefined past the pinned end. */
export function pinnedHeadAt(log: PinnedLog, seq: number): string | undefined {
  return Number.isSafeInteger(seq) && seq >= 0 ? log.heads[seq] : undefined;
}
