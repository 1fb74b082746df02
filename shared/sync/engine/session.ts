/**
 * One engine operation on one collection: the ports, the resolved options, the collection's state
 * as it evolves (saved at each checkpoint, so a killed worker resumes from the last verified page
 * and never loses a signed outbox entry), the trust view once the chains are pulled, and the counts
 * a sync report gives. Operations are serialized per collection (collection-lock.ts), so a session
 * owns its state while it runs.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { VaultError } from '../../protocol/errors';
import { COLLECTION_ID_LENGTH } from '../batch';
import { type BackoffPolicy, DEFAULT_BACKOFF } from './backoff';
import type { ChainCache} from './chain-pins';
import { refreshChains, type TrustView } from './chain-pins';
import type { SyncEngineOptions, SyncPorts } from './engine-api';
import { type CollectionSyncState, emptyCollectionState } from './engine-state';

export const DAY_MS = 24 * 3600 * 1000;
export const DEFAULT_STALE_AFTER_MS = 14 * DAY_MS;
export const DEFAULT_HEARTBEAT_EVERY_MS = 3600 * 1000;

export interface ResolvedOptions {
  readonly staleAfterMs: number;
  readonly heartbeatEveryMs: number;
  readonly backoff: BackoffPolicy;
  readonly pageLimit: number | undefined;
  readonly checkpointEvery: number | undefined;
  readonly retentionMs: number | undefined;
}

export function resolveOptions(options: SyncEngineOptions): ResolvedOptions {
  return {
    staleAfterMs: options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS,
    heartbeatEveryMs: options.heartbeatEveryMs ?? DEFAULT_HEARTBEAT_EVERY_MS,
    backoff: { baseMs: options.backoffBaseMs ?? DEFAULT_BACKOFF.baseMs, capMs: options.backoffCapMs ?? DEFAULT_BACKOFF.capMs },
    pageLimit: options.pageLimit,
    checkpointEvery: options.checkpointEvery,
    retentionMs: options.retentionMs,
  };
}

export interface SyncSession {
  readonly ports: SyncPorts;
  readonly options: ResolvedOptions;
  readonly cache: ChainCache;
  readonly collection: Uint8Array;
  state: CollectionSyncState;
  trust: TrustView | null;
  readonly counts: { pulled: number; pushed: number; quarantined: number; recoverySigned: number[]; peersAhead?: number };
}

/** The 16 bytes of a hex collection id; refuses anything else (BAD_INPUT). */
export function collectionBytes(collection: string): Uint8Array {
  if (!/^[0-9a-f]+$/.test(collection) || collection.length !== COLLECTION_ID_LENGTH * 2) {
    throw new VaultError('BAD_INPUT', 'a collection is named by 32 lowercase hex digits');
  }
  return hexToBytes(collection);
}

/** Load the collection's state (or start an empty one) for one operation. */
export async function openSession(ports: SyncPorts, options: ResolvedOptions, cache: ChainCache, collection: string): Promise<SyncSession> {
  const id = collectionBytes(collection);
  const stored = await ports.store.load(collection);
  if (stored !== undefined && (stored.version !== 1 || stored.collection !== collection)) {
    throw new VaultError('UNKNOWN_VERSION', `stored sync state of ${collection} is not version 1 of this collection`);
  }
  return { ports, options, cache, collection: id, state: stored ?? emptyCollectionState(id), trust: null, counts: { pulled: 0, pushed: 0, quarantined: 0, recoverySigned: [] } };
}

/** Save the session's state (a checkpoint). */
export async function saveSession(session: SyncSession): Promise<void> {
  await session.ports.store.save(session.state.collection, session.state);
}

/**
 * Pull and validate the chains; pins their bytes and summary in the session's state. Entries of
 * this device's own identity chain signed by the recovery key, appended since the chain was last
 * pinned here, are noted in `counts.recoverySigned` (a security alert, DESIGN.md §7).
 */
export async function refreshTrust(session: SyncSession, repin = false): Promise<TrustView> {
  const { transport, keys } = session.ports;
  const own = bytesToHex(keys.identity);
  const pinnedBefore = session.state.chains.identities[own]?.length ?? 0;
  const trust = await refreshChains(transport, session.collection, keys.identity, keys.device, session.state.chains, session.cache, repin);
  if (pinnedBefore > 0) {
    const fresh = (trust.identities.get(own)?.recoverySignedAt ?? []).filter((seq) => seq >= pinnedBefore && !session.counts.recoverySigned.includes(seq));
    session.counts.recoverySigned.push(...fresh);
  }
  session.trust = trust;
  session.state = { ...session.state, chains: trust.chains, summary: trust.summary };
  return trust;
}
