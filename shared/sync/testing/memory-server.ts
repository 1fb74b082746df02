/**
 * An honest sync server in memory, for tests: the semantics of the real server (server/db,
 * shared/protocol/api) behind the SyncTransport port, one view per authenticated device.
 *
 * - Collection logs: seq from 1; head_n = SHA-256(head_{n-1} ‖ SHA-256(batch)), head_0 = 32 zero
 *   bytes; (device, collection, counter) already taken: the same bytes answer the original
 *   {seq, head}, other bytes are CONFLICT; `changes(since, limit)` serves seq > since in order, at
 *   most `limit` (default 100, at most 500) with `next` when more remain; an unknown collection
 *   reads as empty.
 * - Chains: compare-and-swap appends (CONFLICT when `prev` is not the head), each entry checked with
 *   the rules of shared/chains (BAD_CHAIN when refused); reading from a position serves the entries
 *   from there and the head; an unknown chain is NOT_FOUND. Identity chains start with
 *   `createAccount(genesis)`, as the HTTP account creation does.
 * - Heartbeats: the newest one per device, listed per identity.
 * - Checkpoints (docs/decisions/008-compact-checkpoints.md): `registerCheckpoint` records a
 *   device's own batch as a manifest (base = its `seen.seq`); every changes page names the newest;
 *   `compact(collection)` strips the bytes of rows ≤ its base, served then as { seq, head, batchId }.
 * Test-only methods (`tamper*`, `log`) let attack tests play a malicious server.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { applyCollectionEntry, type CollectionState } from '../../chains/collection-chain';
import { decodeEntry, entryHash } from '../../chains/entry';
import { applyIdentityEntry, validateIdentityChain, type IdentityState } from '../../chains/identity-chain';
import { equalBytes } from '../../crypto/constant-time';
import { sha256 } from '../../crypto/hash';
import { CHANGES_DEFAULT_LIMIT, CHANGES_MAX_LIMIT } from '../../protocol/api/collections';
import { VaultError } from '../../protocol/errors';
import { decodeBatch, type Position, ZERO_HASH } from '../batch';
import { nextHead } from '../log-head';
import type { ChainPage, ChangesPage, CheckpointRef, ServedChange, SyncTransport } from '../engine/ports';

interface StoredChange extends ServedChange {
  readonly device: string;
  readonly counter: number;
}


interface Chain<S> {
  entries: Uint8Array[];
  state: S;
}

/** Who is calling: the authenticated device and its identity. */
export interface Caller {
  readonly identity: Uint8Array;
  readonly device: Uint8Array;
}

export class MemoryServer {
  readonly identities = new Map<string, Chain<IdentityState>>();
  readonly collections = new Map<string, Chain<CollectionState>>();
  readonly logs = new Map<string, StoredChange[]>();
  /** Newest heartbeat by identity, then device. */
  readonly heartbeatsOf = new Map<string, Map<string, Uint8Array>>();
  /** Registered checkpoints per collection (hex id), oldest first. */
  readonly checkpoints = new Map<string, CheckpointRef[]>();
  /** Every appendBatch call, as received (to check resends are byte for byte). */
  readonly received: { collection: string; device: string; counter: number; batch: Uint8Array }[] = [];

  createAccount(genesis: Uint8Array): Uint8Array {
    const state = validateIdentityChain([genesis]);
    this.identities.set(bytesToHex(state.identityId), { entries: [genesis.slice()], state });
    return state.identityId;
  }

  /** The transport as seen by one authenticated device. */
  transport(caller: Caller): SyncTransport {
    return {
      identityChain: async (identity, from) => this.readChain(this.identities.get(bytesToHex(identity)), from),
      appendIdentityEntry: async (identity, entry, prev) => this.appendIdentity(identity, entry, prev),
      collectionChain: async (collection, from) => this.readChain(this.collections.get(bytesToHex(collection)), from),
      appendCollectionEntry: async (collection, entry, prev) => this.appendCollection(collection, entry, prev),
      changes: async (collection, since, limit) => this.changes(collection, since, limit),
      appendBatch: async (collection, batch, counter) => this.appendBatch(caller, collection, batch, counter),
      putHeartbeat: async (heartbeat) => this.putHeartbeat(caller, heartbeat),
      heartbeats: async (identity) => [...(this.heartbeatsOf.get(bytesToHex(identity))?.values() ?? [])].map((bytes) => bytes.slice()),
      registerCheckpoint: async (collection, seq) => this.registerCheckpoint(caller, collection, seq),
    };
  }

  private readChain<S>(chain: Chain<S> | undefined, from: number): ChainPage {
    const last = chain?.entries[chain.entries.length - 1];
    if (chain === undefined || last === undefined) throw new VaultError('NOT_FOUND', 'no such chain');
    return { entries: chain.entries.slice(Math.max(0, from)).map((entry) => entry.slice()), head: entryHash(last) };
  }

  private appendIdentity(identity: Uint8Array, entry: Uint8Array, prev: Uint8Array): Position {
    const chain = this.identities.get(bytesToHex(identity));
    if (chain === undefined) throw new VaultError('NOT_FOUND', 'no such account');
    if (!equalBytes(chain.state.head, prev)) throw new VaultError('CONFLICT', 'the chain head moved');
    let state: IdentityState;
    try {
      state = applyIdentityEntry(chain.state, decodeEntry(entry));
    } catch {
      throw new VaultError('BAD_CHAIN', 'entry refused by the identity chain rules');
    }
    chain.entries.push(entry.slice());
    chain.state = state;
    return { seq: state.length - 1, head: state.head };
  }

  private appendCollection(collection: Uint8Array, entry: Uint8Array, prev: Uint8Array): Position {
    const key = bytesToHex(collection);
    const chain = this.collections.get(key);
    const head = chain?.state.head ?? ZERO_HASH;
    if (!equalBytes(head, prev)) throw new VaultError('CONFLICT', 'the chain head moved');
    let state: CollectionState;
    try {
      state = applyCollectionEntry(chain?.state ?? null, decodeEntry(entry), (id) => this.identities.get(bytesToHex(id))?.state);
    } catch {
      throw new VaultError('BAD_CHAIN', 'entry refused by the collection chain rules');
    }
    if (!equalBytes(state.collectionId, collection)) throw new VaultError('BAD_CHAIN', 'entry of another collection');
    if (chain === undefined) this.collections.set(key, { entries: [entry.slice()], state });
    else {
      chain.entries.push(entry.slice());
      chain.state = state;
    }
    return { seq: state.length - 1, head: state.head };
  }

  private changes(collection: Uint8Array, since: number, limit = CHANGES_DEFAULT_LIMIT): ChangesPage {
    if (!Number.isSafeInteger(since) || since < 0 || !Number.isSafeInteger(limit) || limit < 1 || limit > CHANGES_MAX_LIMIT) {
      throw new VaultError('BAD_INPUT', 'bad since or limit');
    }
    const after = (this.logs.get(bytesToHex(collection)) ?? []).filter((change) => change.seq > since);
    const page = after.slice(0, limit);
    const changes = page.map((change): ServedChange => ({
      seq: change.seq,
      head: change.head.slice(),
      batch: change.batch.slice(),
      ...(change.batch.length === 0 ? { batchId: change.batchId?.slice() ?? new Uint8Array(32) } : {}),
    }));
    const last = page[page.length - 1];
    const checkpoint = this.checkpoints.get(bytesToHex(collection))?.at(-1);
    return {
      changes,
      ...(after.length > limit && last !== undefined ? { next: last.seq } : {}),
      ...(checkpoint === undefined ? {} : { checkpoint: { ...checkpoint } }),
    };
  }

  private registerCheckpoint(caller: Caller, collection: Uint8Array, seq: number): CheckpointRef {
    const key = bytesToHex(collection);
    const row = this.logs.get(key)?.find((change) => change.seq === seq);
    if (row === undefined || row.batch.length === 0 || row.device !== bytesToHex(caller.device)) throw new VaultError('NOT_FOUND', 'no such batch of this device');
    const base = decodeBatch(row.batch).fields.seen.seq;
    const ref = { seq, base };
    this.checkpoints.set(key, [...(this.checkpoints.get(key) ?? []).filter((known) => known.seq !== seq), ref].sort((a, b) => a.seq - b.seq));
    return ref;
  }

  /** Strip the bytes of every row at or below the newest checkpoint's base; the rows stripped. */
  compact(collection: string): number {
    const checkpoint = this.checkpoints.get(collection)?.at(-1);
    if (checkpoint === undefined) return 0;
    let stripped = 0;
    this.tamperLog(collection, (log) =>
      log.map((change) => {
        if (change.seq > checkpoint.base || change.batch.length === 0) return change;
        stripped += 1;
        return { ...change, batch: new Uint8Array(0), batchId: sha256(change.batch) };
      }),
    );
    return stripped;
  }

  private appendBatch(caller: Caller, collection: Uint8Array, batch: Uint8Array, counter: number): Position {
    const key = bytesToHex(collection);
    const device = bytesToHex(caller.device);
    this.received.push({ collection: key, device, counter, batch: batch.slice() });
    const log = this.logs.get(key) ?? [];
    const taken = log.find((change) => change.device === device && change.counter === counter);
    if (taken !== undefined) {
      if (!equalBytes(taken.batch, batch)) throw new VaultError('CONFLICT', 'a different batch holds this counter');
      return { seq: taken.seq, head: taken.head.slice() };
    }
    const previous = log[log.length - 1]?.head ?? ZERO_HASH;
    const change: StoredChange = { seq: log.length + 1, head: nextHead(previous, sha256(batch)), batch: batch.slice(), device, counter };
    this.logs.set(key, [...log, change]);
    return { seq: change.seq, head: change.head.slice() };
  }

  private putHeartbeat(caller: Caller, heartbeat: Uint8Array): void {
    const identity = bytesToHex(caller.identity);
    const devices = this.heartbeatsOf.get(identity) ?? new Map<string, Uint8Array>();
    devices.set(bytesToHex(caller.device), heartbeat.slice());
    this.heartbeatsOf.set(identity, devices);
  }

  /** The stored log of a collection (hex id). */
  log(collection: string): readonly StoredChange[] {
    return this.logs.get(collection) ?? [];
  }

  /** Test-only: replace a collection's log (a malicious or restored server), heads recomputed or not. */
  tamperLog(collection: string, edit: (log: StoredChange[]) => StoredChange[]): void {
    this.logs.set(collection, edit([...(this.logs.get(collection) ?? [])]));
  }

  /** Test-only: an entry as an honest server would have chained it after `previous`. */
  static chained(previous: Uint8Array, seq: number, batch: Uint8Array, device: string, counter: number): StoredChange {
    return { seq, head: nextHead(previous, sha256(batch)), batch, device, counter };
  }
}
