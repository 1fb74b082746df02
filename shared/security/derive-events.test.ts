import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { deviceSigner, recoverySigner, TestIdentity } from '../chains/test-fixtures';
import type { SyncReport } from '../sync/engine/engine-api';
import { emptyCollectionState, type CollectionSyncState } from '../sync/engine/engine-state';
import { eventsFromSync, NO_MARKS, STALL_AFTER_MS, type EventMarks } from './derive-events';
import { recordEvents, EMPTY_EVENT_LOG, type EventLog } from './event-log';
import type { SecurityEvent } from './security-event';

const COLLECTION = new Uint8Array(16).fill(7);
const ok: SyncReport = { status: 'ok', pulled: 0, pushed: 0, pending: 0, quarantined: 0, lastSyncAt: 1, retryAt: null };

function stateWith(identity: TestIdentity, extra: Partial<CollectionSyncState> = {}): CollectionSyncState {
  const base = emptyCollectionState(COLLECTION);
  return { ...base, chains: { collection: [], identities: { [bytesToHex(identity.id)]: [...identity.entries] } }, ...extra };
}

/** Runs one observation after another, as successive syncs would, recording into one log. */
function observer(identity: TestIdentity, device: string) {
  let marks: EventMarks = NO_MARKS;
  let log: EventLog = EMPTY_EVENT_LOG;
  return {
    sync(state: CollectionSyncState, report: SyncReport | null = ok, now = 1_000): SecurityEvent[] {
      const result = eventsFromSync({ state, report, identity: bytesToHex(identity.id), device, now }, marks);
      marks = result.marks;
      const recorded = recordEvents(log, result.events);
      log = recorded.log;
      return recorded.added;
    },
    log: () => log.events,
  };
}

describe('security events from verified sync state', () => {
  it('the chain as first seen is history, not news; each later entry is one event, recorded once', () => {
    const identity = new TestIdentity();
    const me = bytesToHex(identity.first.deviceId);
    const watch = observer(identity, me);
    expect(watch.sync(stateWith(identity))).toEqual([]);
    const other = identity.addDevice(deviceSigner(identity.first));
    identity.revoke(deviceSigner(identity.first), other);
    identity.rotate(deviceSigner(identity.first));
    const added = watch.sync(stateWith(identity));
    expect(added.map((e) => e.kind)).toEqual(['device-enrolled', 'device-revoked', 'user-key-rotated']);
    expect(added[0]).toMatchObject({ subject: bytesToHex(other.deviceId), by: me, notify: false });
    expect(added[2]?.count).toBe(1);
    expect(watch.sync(stateWith(identity))).toEqual([]);
    expect(watch.sync(stateWith(identity))).toEqual([]);
    expect(watch.log()).toHaveLength(3);
  });

  it("another device's entry is worth a notification; a recovery key signing adds one 'recovery key used' event", () => {
    const identity = new TestIdentity();
    const watch = observer(identity, 'ab'.repeat(16));
    watch.sync(stateWith(identity));
    const recovery = identity.setRecovery(deviceSigner(identity.first));
    const fresh = identity.addDevice(recoverySigner(recovery));
    identity.revoke(recoverySigner(recovery), identity.first);
    const added = watch.sync(stateWith(identity));
    expect(added.map((e) => e.kind)).toEqual(['recovery-key-set', 'device-enrolled', 'recovery-key-used', 'device-revoked']);
    expect(added.every((e) => e.notify)).toBe(true);
    expect(added[1]).toMatchObject({ byRecovery: true, subject: bytesToHex(fresh.deviceId) });
  });

  it('a frozen collection is one event however many syncs report it; a later freeze is another', () => {
    const identity = new TestIdentity();
    const watch = observer(identity, 'cd'.repeat(16));
    const frozen = { code: 'BAD_SIGNATURE' as const, message: 'batch 3 signature', advice: '', at: 500 };
    const report: SyncReport = { ...ok, status: 'frozen', state: 'BAD_SIGNATURE' };
    const first = watch.sync(stateWith(identity, { frozen }), report);
    expect(first).toMatchObject([{ kind: 'sync-state', state: 'BAD_SIGNATURE', collection: bytesToHex(COLLECTION), notify: true }]);
    for (let i = 0; i < 5; i++) expect(watch.sync(stateWith(identity, { frozen }), report)).toEqual([]);
    expect(watch.sync(stateWith(identity, { frozen: { ...frozen, code: 'ROLLBACK', at: 900 } }), report)).toHaveLength(1);
  });

  it('records that do not open are one event per sync, not one per record, and not again after a re-pin', () => {
    const identity = new TestIdentity();
    const watch = observer(identity, 'ef'.repeat(16));
    const device = '12'.repeat(16);
    const quarantine = Array.from({ length: 40 }, (_, i) => ({ seq: 5 + (i % 2), item: `item${i}`, device, reason: 'does not open', at: 1 }));
    const added = watch.sync(stateWith(identity, { quarantine }));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ kind: 'bad-record', count: 40, by: device });
    expect(JSON.stringify(added)).not.toContain('item1');
    expect(watch.sync(stateWith(identity, { quarantine: quarantine.slice(0, 10) }))).toEqual([]);
  });

  it('a sequence that stays put while peers report newer heads is one event, after several syncs and half an hour', () => {
    const identity = new TestIdentity();
    const watch = observer(identity, 'aa'.repeat(16));
    const state = stateWith(identity);
    const ahead = { ...ok, peersAhead: 9 };
    expect(watch.sync(state, ahead, 0)).toEqual([]);
    expect(watch.sync(state, ahead, 60_000)).toEqual([]);
    expect(watch.sync(state, ahead, 120_000)).toEqual([]);
    const stalled = watch.sync(state, ahead, STALL_AFTER_MS + 1);
    expect(stalled).toMatchObject([{ kind: 'sequence-stalled', count: 9, notify: true }]);
    expect(watch.sync(state, ahead, STALL_AFTER_MS * 2)).toEqual([]);
  });

  it('a sequence that advances, or peers that stop reporting more, reset the stall watch', () => {
    const identity = new TestIdentity();
    const watch = observer(identity, 'aa'.repeat(16));
    const state = stateWith(identity);
    const ahead = { ...ok, peersAhead: 9 };
    watch.sync(state, ahead, 0);
    watch.sync(state, ahead, 1);
    watch.sync(state, ok, 2);
    watch.sync(state, ahead, STALL_AFTER_MS + 3);
    expect(watch.sync(state, ahead, STALL_AFTER_MS + 4)).toEqual([]);
    const moved = { ...state, log: { ...state.log, seq: 4 } };
    expect(watch.sync(moved, ahead, STALL_AFTER_MS * 3)).toEqual([]);
  });
});
