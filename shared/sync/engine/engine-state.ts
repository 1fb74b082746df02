/**
 * What the sync engine keeps per collection (DESIGN.md §6), as plain structured-cloneable data that
 * `SyncStateStore` saves atomically: the pinned log (pinned-log.ts), the pinned chains (the exact
 * entry bytes the client validated, so trust is rebuilt from bytes after a restart, never from a
 * cache), this device's own run and HLC, the outbox of signed batch bytes (resent byte for byte),
 * the frozen state, the quarantine of records that did not open, heartbeat bookkeeping and the
 * re-pin log. No plaintext secret is held here: outbox batches carry sealed records only.
 *
 * Ids are lowercase hex; item ids are the vault's 22-character base64url form (shared/vault/item-id.ts).
 * Every function here returns a new value and never mutates its input.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import type { ErrorCode } from '../../protocol/errors';
import { ZERO_HASH } from '../batch';
import type { Hlc } from '../hlc';
import { emptyPinnedLog, type PinnedLog } from '../pinned-log';

export const ENGINE_STATE_VERSION = 1;

/** A chain or log position with a hex head. */
export interface HexPosition {
  readonly seq: number;
  readonly head: string;
}

/** The exact entry bytes of every chain this collection's trust rests on, as validated. */
export interface PinnedChains {
  /** The collection chain from its genesis; empty before the first pull. */
  readonly collection: readonly Uint8Array[];
  /** Identity chains by hex identity id (this device's own, and every member's), from genesis. */
  readonly identities: Readonly<Record<string, readonly Uint8Array[]>>;
}

/** Facts read off the validated chains, kept so that writing needs no re-validation. */
export interface ChainSummary {
  /** Hex identity id of the collection's owner at its genesis: the "identity or team" in record AD. */
  readonly owner: string;
  /** The current epoch of the collection chain. */
  readonly epoch: number;
  /** This device's identity chain head and the collection chain head (seq = last entry's seq). */
  readonly identity: HexPosition;
  readonly collection: HexPosition;
  /** This device is trusted at its identity head and its identity may write here (owner, admin, editor). */
  readonly canWrite: boolean;
}

/** One signed batch of this device waiting to be pushed, or pushed and not yet seen in a pull. */
export interface OutboxEntry {
  readonly counter: number;
  /** The exact signed bytes, resent byte for byte. */
  readonly bytes: Uint8Array;
  readonly batchId: string;
  /** Item ids the batch carries (to re-publish them after a re-pin). */
  readonly items: readonly string[];
  readonly attempts: number;
  /** Not pushed again before this time (ms): exponential backoff with jitter. */
  readonly nextAttemptAt: number;
  /** The server's answer when it took the batch, checked against later pulls (acknowledgement.ts). */
  readonly ack: HexPosition | null;
}

/** One of this device's batches the log holds, remembered briefly so a rollback can be repaired. */
export interface PublishedBatch {
  readonly counter: number;
  readonly batchId: string;
  readonly items: readonly string[];
}

/** Codes that freeze a collection (DESIGN.md §6 "On a failed check"). */
export type FreezeCode = Extract<
  ErrorCode,
  'ROLLBACK' | 'FORK' | 'OMISSION' | 'REPLAY' | 'BAD_SIGNATURE' | 'UNTRUSTED_WRITER' | 'STALE' | 'BAD_CHAIN' | 'BAD_ENCODING' | 'UNKNOWN_VERSION'
>;

export interface FrozenState {
  readonly code: FreezeCode;
  /** What was found (for the trust view and logs; never a secret). */
  readonly message: string;
  /** What the user should do. */
  readonly advice: string;
  readonly at: number;
}

/** A validly signed record that did not open or decode (BAD_RECORD); the rest of its batch applied. */
export interface QuarantinedRecord {
  readonly seq: number;
  readonly item: string;
  readonly device: string;
  readonly reason: string;
  readonly at: number;
  /** Set when the record's epoch key was not held: retried once it is (quarantine-retry.ts). */
  readonly epoch?: number;
}

/** The user approved re-pinning a frozen collection to what the server showed. */
export interface RepinRecord {
  readonly at: number;
  readonly code: FreezeCode;
  readonly message: string;
  /** The pinned log position before and after. */
  readonly from: HexPosition;
  readonly to: HexPosition;
  /** The chain heads pinned after re-pinning. */
  readonly chains: { readonly identity: HexPosition; readonly collection: HexPosition };
}

/**
 * A checkpoint this device started from (checkpoint-pull.ts), still to be met in the log: the
 * batch at `seq` must be the manifest read (`batchId`) and the signer's batches just before it
 * exactly the listed parts (docs/decisions/008-compact-checkpoints.md).
 */
export interface PendingCheckpoint {
  readonly seq: number;
  readonly batchId: string;
  readonly device: string;
  readonly parts: readonly string[];
}

export interface CollectionSyncState {
  readonly version: typeof ENGINE_STATE_VERSION;
  /** Hex collection id. */
  readonly collection: string;
  readonly log: PinnedLog;
  readonly chains: PinnedChains;
  readonly summary: ChainSummary | null;
  /** This device's own run here: its last signed counter and that batch's id (hex). */
  readonly run: { readonly counter: number; readonly prev: string };
  /** The hybrid logical clock of this collection on this device (hlc.ts). */
  readonly clock: Hlc;
  readonly outbox: readonly OutboxEntry[];
  readonly published: readonly PublishedBatch[];
  readonly frozen: FrozenState | null;
  readonly quarantine: readonly QuarantinedRecord[];
  readonly lastSyncAt: number | null;
  /** When this device last put its own heartbeat while syncing this collection. */
  readonly heartbeatSentAt: number | null;
  /** Last heartbeat time heard per peer device (hex id), seeded when the device is first seen. */
  readonly peers: Readonly<Record<string, number>>;
  readonly repins: readonly RepinRecord[];
  /** The checkpoint this device jumped to and has not yet met in the log (absent: none). */
  readonly pendingCheckpoint?: PendingCheckpoint | null;
  /** The newest checkpoint the server named, as last seen (absent: none). */
  readonly serverCheckpoint?: { readonly seq: number; readonly base: number } | null;
}

/** How many quarantined records and published-batch notes are kept (newest win). */
export const QUARANTINE_LIMIT = 500;
export const PUBLISHED_LIMIT = 1000;

/** The state of a collection this device has not pulled yet. */
export function emptyCollectionState(collection: Uint8Array): CollectionSyncState {
  return {
    version: ENGINE_STATE_VERSION,
    collection: bytesToHex(collection),
    log: emptyPinnedLog(collection),
    chains: { collection: [], identities: {} },
    summary: null,
    run: { counter: 0, prev: bytesToHex(ZERO_HASH) },
    clock: { wall: 0, counter: 0 },
    outbox: [],
    published: [],
    frozen: null,
    quarantine: [],
    lastSyncAt: null,
    heartbeatSentAt: null,
    peers: {},
    repins: [],
  };
}

/** The pinned log position as a hex position. */
export function logPosition(state: CollectionSyncState): HexPosition {
  return { seq: state.log.seq, head: state.log.heads[state.log.seq] ?? '' };
}

/** Keep the newest `limit` entries of a list. */
export function keepNewest<T>(list: readonly T[], limit: number): T[] {
  return list.length > limit ? list.slice(list.length - limit) : [...list];
}
