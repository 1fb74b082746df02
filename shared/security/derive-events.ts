/**
 * Security events from what sync already verified (issue 11): after each sync of a collection, the
 * engine's saved state (shared/sync/engine/engine-state.ts) and its report are turned into events.
 * Nothing here trusts the server: the chains read are the exact entry bytes the engine validated
 * and pinned; the frozen state and quarantine are the engine's own findings.
 *
 * - Chain entries: this device's identity chain (devices, user keys, recovery key) and the
 *   collection chain (members, collection keys). The first time a chain is seen its length becomes
 *   the watermark (history before that is the trust view's audit log, not news); each entry past
 *   the watermark is one event keyed by chain and seq. Entries signed by the recovery key add one
 *   "recovery key used" event per sync that shows any.
 * - A frozen collection: one event per freeze, keyed by collection, state and the freeze's time
 *   (every later sync reports the same freeze and records nothing new).
 * - BAD_RECORD: records quarantined past the watermark make one event per sync, counting records,
 *   keyed by collection and the highest seq (a re-pin rebuilds the quarantine below the watermark).
 * - A stalled sequence: peers' verified heartbeats report a seq beyond ours (`report.peersAhead`)
 *   and our pinned seq does not move for `STALL_RUNS` syncs and `STALL_AFTER_MS`: one event keyed by
 *   collection and seq.
 * Every function returns new values and never mutates its input.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { decodeEntry, type EntryBody } from '../chains/entry';
import type { SyncReport } from '../sync/engine/engine-api';
import type { CollectionSyncState } from '../sync/engine/engine-state';
import type { SecurityEvent, SecurityEventKind } from './security-event';

/** How long, and over how many syncs, the pinned seq must stay put while peers report more. */
export const STALL_AFTER_MS = 30 * 60_000;
export const STALL_RUNS = 3;

/** What has been turned into events already, per chain and collection. */
export interface EventMarks {
  /** Entries of each chain (`identity:<hex>`, `collection:<hex>`) already seen. */
  readonly chains: Readonly<Record<string, number>>;
  /** Highest quarantined seq already reported, per collection. */
  readonly quarantine: Readonly<Record<string, number>>;
  /** Since when and over how many syncs the pinned seq stayed put while peers reported more. */
  readonly stall: Readonly<Record<string, { readonly seq: number; readonly since: number; readonly runs: number }>>;
}

export const NO_MARKS: EventMarks = { chains: {}, quarantine: {}, stall: {} };

export interface SyncObservation {
  readonly state: CollectionSyncState;
  readonly report: SyncReport | null;
  /** Hex ids of this device's identity and of this device. */
  readonly identity: string;
  readonly device: string;
  readonly now: number;
}

const IDENTITY_KINDS: Partial<Record<string, SecurityEventKind>> = {
  'add-device': 'device-enrolled',
  'revoke-device': 'device-revoked',
  'rotate-user-key': 'user-key-rotated',
  'set-recovery-key': 'recovery-key-set',
  'revoke-recovery-key': 'recovery-key-revoked',
};
const COLLECTION_KINDS: Partial<Record<string, SecurityEventKind>> = {
  'add-member': 'member-added',
  'remove-member': 'member-removed',
  'change-role': 'member-role-changed',
  'rotate-key': 'collection-key-rotated',
};

function subjectOf(body: EntryBody): { subject?: string; count?: number } {
  if (body.op === 'add-device' || body.op === 'revoke-device') return { subject: bytesToHex(body.args.deviceId) };
  if (body.op === 'add-member' || body.op === 'remove-member' || body.op === 'change-role') return { subject: bytesToHex(body.args.identity) };
  if (body.op === 'rotate-user-key') return { count: body.args.generation };
  if (body.op === 'rotate-key') return { count: body.args.epoch };
  return {};
}

/** One event per entry past the watermark; the new watermark is the chain's length. */
function chainEvents(chainKey: string, entries: readonly Uint8Array[], seen: number | undefined, o: SyncObservation, collection: string): SecurityEvent[] {
  if (seen === undefined) return [];
  const events: SecurityEvent[] = [];
  let recovery: SecurityEvent | null = null;
  for (let index = seen; index < entries.length; index++) {
    const body = decodeEntry(entries[index] as Uint8Array).body;
    const kind = (body.chain === 'identity' ? IDENTITY_KINDS : COLLECTION_KINDS)[body.op];
    const by = bytesToHex(body.author.id);
    const byRecovery = body.author.by === 'recovery';
    const notify = byRecovery || by !== o.device;
    const where = body.chain === 'collection' ? { collection } : {};
    if (kind !== undefined) {
      events.push({ key: `chain:${chainKey}:${body.seq}`, kind, at: o.now, claimedAt: body.time, by, ...(byRecovery ? { byRecovery } : {}), ...subjectOf(body), ...where, notify });
    }
    if (byRecovery && recovery === null) {
      recovery = { key: `recovery:${chainKey}:${body.seq}`, kind: 'recovery-key-used', at: o.now, claimedAt: body.time, by, byRecovery, notify: true };
      events.push(recovery);
    }
  }
  return events;
}

function frozenEvent(o: SyncObservation): SecurityEvent[] {
  const frozen = o.state.frozen;
  if (frozen === null) return [];
  const collection = o.state.collection;
  return [{ key: `state:${collection}:${frozen.code}:${frozen.at}`, kind: 'sync-state', at: o.now, collection, state: frozen.code, notify: true }];
}

function quarantineEvent(o: SyncObservation, seen: number): { events: SecurityEvent[]; mark: number } {
  const fresh = o.state.quarantine.filter((record) => record.seq > seen);
  if (fresh.length === 0) return { events: [], mark: seen };
  const mark = Math.max(...fresh.map((record) => record.seq));
  const collection = o.state.collection;
  const devices = [...new Set(fresh.map((record) => record.device))];
  const by = devices.length === 1 && /^[0-9a-f]+$/.test(devices[0] ?? '') ? { by: devices[0] as string } : {};
  return { events: [{ key: `bad-record:${collection}:${mark}`, kind: 'bad-record', at: o.now, collection, count: fresh.length, ...by, notify: true }], mark };
}

function stallStep(o: SyncObservation, before: EventMarks['stall'][string] | undefined) {
  const ahead = o.report?.status === 'ok' ? o.report.peersAhead : undefined;
  const seq = o.state.log.seq;
  if (ahead === undefined || ahead <= seq) return { mark: undefined, events: [] as SecurityEvent[] };
  const mark = before !== undefined && before.seq === seq ? { ...before, runs: before.runs + 1 } : { seq, since: o.now, runs: 1 };
  const stalled = mark.runs >= STALL_RUNS && o.now - mark.since >= STALL_AFTER_MS;
  const collection = o.state.collection;
  const event: SecurityEvent = { key: `stall:${collection}:${seq}`, kind: 'sequence-stalled', at: o.now, collection, count: ahead, notify: true };
  return { mark, events: stalled ? [event] : [] };
}

/** The events one sync shows, and the marks after it. */
export function eventsFromSync(o: SyncObservation, marks: EventMarks): { events: SecurityEvent[]; marks: EventMarks } {
  const collection = o.state.collection;
  const identityKey = `identity:${o.identity}`;
  const collectionKey = `collection:${collection}`;
  const identityChain = o.state.chains.identities[o.identity] ?? [];
  const collectionChain = o.state.chains.collection;
  const quarantine = quarantineEvent(o, marks.quarantine[collection] ?? 0);
  const stall = stallStep(o, marks.stall[collection]);
  const events = [
    ...chainEvents(identityKey, identityChain, marks.chains[identityKey], o, collection),
    ...chainEvents(collectionKey, collectionChain, marks.chains[collectionKey], o, collection),
    ...frozenEvent(o),
    ...quarantine.events,
    ...stall.events,
  ];
  const chains = { ...marks.chains };
  if (identityChain.length > 0) chains[identityKey] = Math.max(identityChain.length, marks.chains[identityKey] ?? 0);
  if (collectionChain.length > 0) chains[collectionKey] = Math.max(collectionChain.length, marks.chains[collectionKey] ?? 0);
  const { [collection]: _dropped, ...otherStalls } = marks.stall;
  return {
    events,
    marks: {
      chains,
      quarantine: { ...marks.quarantine, [collection]: quarantine.mark },
      stall: stall.mark === undefined ? otherStalls : { ...otherStalls, [collection]: stall.mark },
    },
  };
}
