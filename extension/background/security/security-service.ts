/**
 * Security events and the person's incident actions in the worker (issue 11, docs/security-center.md):
 *
 * - After every sync run, `observe` turns what the engine verified (its saved collection state and
 *   report) into events (shared/security/derive-events.ts), records the new ones in the sealed log
 *   (shared/security/sealed-security-log.ts, `meta["security-log"]`) and queues those worth a
 *   notification (shared/security/notify-policy.ts); `notifyDue` shows at most one batched
 *   notification per interval and asks for an alarm when more wait.
 * - "Freeze sync": `pause` and `resume` set the paused mark in the same sealed log (the sync
 *   service asks `paused()` before every run) and record an event each.
 * Writes are serialized, so two syncs never lose each other's events. The notification queue
 * (`meta["security-notify"]`, kinds and counts only) is in the clear: a batch may fall due after
 * the vault locked.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { eventsFromSync } from '../../../shared/security/derive-events';
import { recordEvents } from '../../../shared/security/event-log';
import { EMPTY_NOTIFY_STATE, notifyStep, queueEvents, type Notification, type NotifyState } from '../../../shared/security/notify-policy';
import { EMPTY_SECURITY_LOG, openSecurityLog, sealSecurityLog, type SecurityLog } from '../../../shared/security/sealed-security-log';
import type { SecurityEvent } from '../../../shared/security/security-event';
import type { SyncReport } from '../../../shared/sync/engine/engine-api';
import type { CollectionSyncState } from '../../../shared/sync/engine/engine-state';
import type { SyncStateStore } from '../../../shared/sync/engine/ports';
import { VaultError } from '../../../shared/protocol/errors';
import type { VaultStore } from '../vault/ports';
import type { VaultSession } from '../vault/vault-session';

const LOG_KEY = 'security-log';
const NOTIFY_KEY = 'security-notify';

export interface SyncObserved {
  readonly collection: string;
  readonly report: SyncReport | null;
  readonly identity: Uint8Array;
  readonly device: Uint8Array;
}

export interface SecurityServiceDeps {
  vault: VaultSession;
  store: VaultStore;
  stateStore: SyncStateStore<CollectionSyncState>;
  now: () => number;
  /** Show a browser notification (chrome.notifications); never given a secret. */
  notify: (notification: Notification) => Promise<void>;
  /** Look at the notification queue again at this time (a chrome.alarms alarm). */
  wakeAt: (at: number) => void;
}

export function securityService(deps: SecurityServiceDeps) {
  let tail: Promise<unknown> = Promise.resolve();
  /** One read-modify-write at a time. */
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const run = tail.then(work);
    tail = run.catch(() => undefined);
    return run;
  }

  async function load(): Promise<{ value: SecurityLog; save: (value: SecurityLog) => Promise<void> }> {
    const vault = await deps.vault.require();
    const key = vault.bundleKey;
    const id = vault.header.personalCollection;
    const sealed = await deps.store.getMeta<Uint8Array>(LOG_KEY);
    const value = sealed instanceof Uint8Array ? openSecurityLog(key, id, sealed) : EMPTY_SECURITY_LOG;
    return { value, save: (next) => deps.store.putMeta(LOG_KEY, sealSecurityLog(key, id, next)) };
  }

  /** Record events (once per key) and queue the new ones worth a notification. */
  async function record(value: SecurityLog, save: (value: SecurityLog) => Promise<void>, events: readonly SecurityEvent[], next: Partial<SecurityLog> = {}): Promise<SecurityEvent[]> {
    const { log, added } = recordEvents(value.log, events);
    await save({ ...value, ...next, log });
    if (added.some((event) => event.notify)) {
      const queued = queueEvents((await deps.store.getMeta<NotifyState>(NOTIFY_KEY)) ?? EMPTY_NOTIFY_STATE, added);
      await deps.store.putMeta(NOTIFY_KEY, queued);
      await notifyDue();
    }
    return added;
  }

  /** Show the batched notification when due; otherwise ask to be woken when it is. */
  async function notifyDue(): Promise<void> {
    const step = notifyStep((await deps.store.getMeta<NotifyState>(NOTIFY_KEY)) ?? EMPTY_NOTIFY_STATE, deps.now());
    if (step.notification !== null) {
      await deps.store.putMeta(NOTIFY_KEY, step.state);
      await deps.notify(step.notification).catch(() => undefined);
    }
    if (step.nextAt !== null) deps.wakeAt(step.nextAt);
  }

  return {
    /** After a sync run of `collection`: the events its verified state and report show. */
    observe(o: SyncObserved): Promise<SecurityEvent[]> {
      return serial(async () => {
        const state = await deps.stateStore.load(o.collection);
        if (state === undefined) return [];
        const { value, save } = await load();
        const observation = { state, report: o.report, identity: bytesToHex(o.identity), device: bytesToHex(o.device), now: deps.now() };
        const { events, marks } = eventsFromSync(observation, value.marks);
        return record(value, save, events, { marks });
      });
    },
    /** Every recorded event, newest first. */
    async events(): Promise<SecurityEvent[]> {
      const { value } = await serial(load);
      return [...value.log.events].reverse();
    },
    /** When the person paused sync, or null. */
    async paused(): Promise<number | null> {
      const { value } = await serial(load);
      return value.paused?.at ?? null;
    },
    /** "Freeze sync": no pull and no push until `resume`; recorded. */
    pause(): Promise<void> {
      return serial(async () => {
        const { value, save } = await load();
        if (value.paused !== null) throw new VaultError('CONFLICT', 'sync is paused already');
        const at = deps.now();
        await record(value, save, [{ key: `paused:${at}`, kind: 'sync-paused', at, notify: false }], { paused: { at } });
      });
    },
    resume(): Promise<void> {
      return serial(async () => {
        const { value, save } = await load();
        if (value.paused === null) throw new VaultError('CONFLICT', 'sync is not paused');
        const at = deps.now();
        await record(value, save, [{ key: `resumed:${at}`, kind: 'sync-resumed', at, notify: false }], { paused: null });
      });
    },
    /** The notification alarm fired. */
    notifyDue: () => serial(notifyDue),
    /** Forget the log and the queue (the local vault is being erased). */
    async forget(): Promise<void> {
      await serial(async () => {
        await deps.store.putMeta(LOG_KEY, undefined);
        await deps.store.putMeta(NOTIFY_KEY, undefined);
      });
    },
  };
}

export type SecurityService = ReturnType<typeof securityService>;
