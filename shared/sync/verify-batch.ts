/**
 * Verification of a collection log before anything is applied (DESIGN.md §6): each batch the server
 * serves is checked against the client's pinned state and the chains, in this order:
 *
 * 1. it decodes strictly and its signature verifies under its signer key ("batch/v1")  BAD_SIGNATURE
 * 2. it belongs to this log (a batch signed for another collection is a replay)          REPLAY
 * 3. it sits at the next seq (a lower seq is a rolled-back log, a higher one a gap)      ROLLBACK / OMISSION
 * 4. its device's counter and prev continue that device's run (device-run.ts)           OMISSION / REPLAY / FORK
 * 5. the chain heads it references are the ones the client validated                    FORK
 * 6. its author is trusted at that position, and that position does not go backwards:
 *    per device, and trust is judged at the highest position already referenced in this
 *    log, so a revoked device cannot backdate                                           UNTRUSTED_WRITER
 * 7. its epoch is not retired at the position it was made under                        UNTRUSTED_WRITER
 * 8. its seen {seq, head} is a position in our history strictly before it               FORK
 * 9. the head the server claims at its seq, if any, is the recomputed one               FORK
 *
 * Then the server's claimed head must match the recomputed one (FORK) and must not be behind the
 * pinned seq (ROLLBACK). On any failure the named VaultError is thrown and the input state is left
 * as it was: the caller freezes the collection. On success a NEW pinned state is returned.
 * Record decryption (BAD_RECORD, quarantine) is separate: record-crypto.ts.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { equalBytes } from '../crypto/constant-time';
import { VaultError } from '../protocol/errors';
import { type Batch, batchSignatureValid, decodeBatch, type Position } from './batch';
import { checkDeviceRun, extendDeviceRun } from './device-run';
import { nextHead } from './log-head';
import type { PinnedLog } from './pinned-log';

/** Chain positions at which trust is judged. */
export interface ChainAt {
  readonly collection: Uint8Array;
  readonly identitySeq: number;
  readonly collectionSeq: number;
}

/** What verification needs from the validated chains (shared/chains supplies it). */
export interface TrustResolver {
  /** The hash of entry `seq` of the chain as the client validated it; null if not known (yet). */
  chainHead(chain: 'identity' | 'collection', id: Uint8Array, seq: number): Uint8Array | null;
  /**
   * The device's Ed25519 public key if, at `at`, it is a trusted device of `identity` (added, not
   * revoked) and `identity` may write to the collection; null otherwise (unknown, revoked, removed).
   */
  deviceKey(identity: Uint8Array, device: Uint8Array, at: ChainAt): Uint8Array | null;
  /** True when `epoch` of `collection` is retired (read-only) or unknown at `at`. */
  epochRetired(collection: Uint8Array, epoch: number, at: ChainAt): boolean;
}

/** One log entry as served: the seq the server assigned, the exact batch bytes, and optionally the head it claims there. */
export interface LogEntry {
  readonly seq: number;
  readonly batch: Uint8Array;
  readonly head?: Uint8Array;
}

export interface Verified {
  readonly state: PinnedLog;
  readonly batches: readonly Batch[];
}

export function decodeSigned(bytes: Uint8Array, seq: number): Batch {
  let batch: Batch;
  try {
    batch = decodeBatch(bytes);
  } catch (error) {
    const detail = error instanceof VaultError ? `: ${error.message}` : '';
    throw new VaultError('BAD_SIGNATURE', `log entry ${seq} is not a validly signed batch${detail}`);
  }
  if (!batchSignatureValid(batch)) throw new VaultError('BAD_SIGNATURE', `log entry ${seq}: signature does not verify`);
  return batch;
}

function checkPlace(state: PinnedLog, entry: LogEntry, batch: Batch): void {
  if (bytesToHex(batch.fields.collection) !== state.collection) {
    throw new VaultError('REPLAY', `log entry ${entry.seq}: batch was signed for another collection`);
  }
  if (!Number.isSafeInteger(entry.seq) || entry.seq <= state.seq) {
    throw new VaultError('ROLLBACK', `log entry ${entry.seq}: at or before the pinned seq ${state.seq}`);
  }
  if (entry.seq > state.seq + 1) throw new VaultError('OMISSION', `log entries ${state.seq + 1}..${entry.seq - 1} are missing`);
}

function checkChainHead(resolver: TrustResolver, chain: 'identity' | 'collection', id: Uint8Array, ref: Position): void {
  const known = resolver.chainHead(chain, id, ref.seq);
  if (known === null) throw new VaultError('UNTRUSTED_WRITER', `batch references ${chain} chain entry ${ref.seq}, not validated here`);
  if (!equalBytes(known, ref.head)) throw new VaultError('FORK', `batch references another ${chain} chain at entry ${ref.seq}`);
}

/** Steps 5–7: the chains, trust at a position that never goes backwards, the epoch. */
export function checkTrust(state: PinnedLog, batch: Batch, resolver: TrustResolver): void {
  const { identity, collection, device, signer, epoch, chains } = batch.fields;
  checkChainHead(resolver, 'identity', identity, chains.identity);
  checkChainHead(resolver, 'collection', collection, chains.collection);
  const pin = state.devices[bytesToHex(device)];
  if (pin !== undefined && (chains.identity.seq < pin.identitySeq || chains.collection.seq < pin.collectionSeq)) {
    throw new VaultError('UNTRUSTED_WRITER', 'batch references chain positions older than its device did before');
  }
  const at: ChainAt = {
    collection,
    identitySeq: Math.max(chains.identity.seq, state.identityHigh[bytesToHex(identity)] ?? 0),
    collectionSeq: Math.max(chains.collection.seq, state.collectionHigh),
  };
  const key = resolver.deviceKey(identity, device, at);
  if (key === null || !equalBytes(key, signer)) {
    throw new VaultError('UNTRUSTED_WRITER', `device ${bytesToHex(device)} is not a trusted writer at identity entry ${at.identitySeq}, collection entry ${at.collectionSeq}`);
  }
  // The epoch is judged where the batch was made: an honest writer racing a rotation is not frozen,
  // while a revoked device or removed member is already refused above at the highest position.
  const made: ChainAt = { collection, identitySeq: chains.identity.seq, collectionSeq: chains.collection.seq };
  if (resolver.epochRetired(collection, epoch, made)) throw new VaultError('UNTRUSTED_WRITER', `epoch ${epoch} is retired`);
}

function checkSeen(state: PinnedLog, entry: LogEntry, seen: Position): void {
  const head = seen.seq < entry.seq ? state.heads[seen.seq] : undefined;
  if (head === undefined) throw new VaultError('FORK', `log entry ${entry.seq}: its author saw seq ${seen.seq}, which is not before it`);
  if (head !== bytesToHex(seen.head)) throw new VaultError('FORK', `log entry ${entry.seq}: its author saw another log at seq ${seen.seq}`);
}

function extend(state: PinnedLog, batch: Batch): PinnedLog {
  const { fields } = batch;
  const device = bytesToHex(fields.device);
  const identity = bytesToHex(fields.identity);
  return {
    collection: state.collection,
    seq: state.seq + 1,
    heads: [...state.heads, bytesToHex(nextHead(hexToBytes(state.heads[state.seq] ?? ''), batch.batchId))],
    devices: { ...state.devices, [device]: extendDeviceRun(state.devices[device], batch) },
    identityHigh: { ...state.identityHigh, [identity]: Math.max(fields.chains.identity.seq, state.identityHigh[identity] ?? 0) },
    collectionHigh: Math.max(fields.chains.collection.seq, state.collectionHigh),
  };
}

/**
 * Verify the log entry at the next seq against `state`; the new pinned state and the decoded batch.
 * Throws the named state and leaves `state` untouched on any failure.
 */
export function verifyBatch(state: PinnedLog, entry: LogEntry, resolver: TrustResolver): { state: PinnedLog; batch: Batch } {
  const batch = decodeSigned(entry.batch, entry.seq);
  checkPlace(state, entry, batch);
  checkDeviceRun(state.devices[bytesToHex(batch.fields.device)], batch);
  checkTrust(state, batch, resolver);
  checkSeen(state, entry, batch.fields.seen);
  const next = extend(state, batch);
  if (entry.head !== undefined && next.heads[next.seq] !== bytesToHex(entry.head)) {
    throw new VaultError('FORK', `log entry ${entry.seq}: the server's head differs from the recomputed head`);
  }
  return { state: next, batch };
}

/**
 * Verify a page of log entries and the server's claimed head. The claim may run ahead of the page
 * (more pages to pull) but never behind the pinned seq (ROLLBACK), never behind the page (FORK), and
 * where it meets the page its head must be the recomputed one (FORK). A claim ahead of the pinned
 * seq with an empty page is OMISSION. Nothing is returned unless every entry verifies.
 */
export function verifyPull(state: PinnedLog, entries: readonly LogEntry[], claimed: Position, resolver: TrustResolver): Verified {
  if (claimed.seq < state.seq) throw new VaultError('ROLLBACK', `server head ${claimed.seq} is behind the pinned seq ${state.seq}`);
  if (entries.length === 0 && claimed.seq > state.seq) throw new VaultError('OMISSION', `server claims seq ${claimed.seq} but serves nothing after ${state.seq}`);
  let next = state;
  const batches: Batch[] = [];
  for (const entry of entries) {
    const step = verifyBatch(next, entry, resolver);
    next = step.state;
    batches.push(step.batch);
  }
  if (claimed.seq < next.seq) throw new VaultError('FORK', `server head ${claimed.seq} is behind the entries it served`);
  if (claimed.seq === next.seq && next.heads[next.seq] !== bytesToHex(claimed.head)) {
    throw new VaultError('FORK', `server head at seq ${claimed.seq} differs from the recomputed head`);
  }
  return { state: next, batches };
}
