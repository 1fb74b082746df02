/**
 * When to show a browser notification for security events (issue 11): batched and throttled. Events
 * worth notifying wait in a queue (kinds and counts only); a notification goes out at most once per
 * `NOTIFY_INTERVAL_MS`, summarising everything queued ("3 security events: sync stopped, a device
 * was added"), and says nothing else: no item, name, id, key or secret — the security center shows
 * the details once the vault is unlocked. Pure: the caller stores the state and sets the alarm.
 */
import type { SecurityEvent, SecurityEventKind } from './security-event';

/** At most one notification per this interval. */
export const NOTIFY_INTERVAL_MS = 15 * 60_000;

export interface NotifyState {
  /** When the last notification went out. */
  readonly lastAt: number | null;
  /** Events waiting for the next notification, counted by kind. */
  readonly queued: Readonly<Partial<Record<SecurityEventKind, number>>>;
}

export const EMPTY_NOTIFY_STATE: NotifyState = { lastAt: null, queued: {} };

export interface Notification {
  readonly title: string;
  readonly message: string;
}

/** Short generic words per kind; nothing here names a device, item or person. */
const LABELS: Record<SecurityEventKind, string> = {
  'device-enrolled': 'a device was added',
  'device-revoked': 'a device was revoked',
  'user-key-rotated': 'your user key was rotated',
  'recovery-key-set': 'a recovery key was set',
  'recovery-key-revoked': 'a recovery key was revoked',
  'recovery-key-used': 'your recovery key was used',
  'collection-key-rotated': 'a collection key was rotated',
  'member-added': 'a member was added',
  'member-removed': 'a member was removed',
  'member-role-changed': "a member's role changed",
  'bad-record': 'changes that did not open',
  'sync-state': 'sync stopped after a failed check',
  'sequence-stalled': 'sync is not receiving changes other devices report',
  'sync-paused': 'sync was paused',
  'sync-resumed': 'sync was resumed',
};

/** Queue the events worth a notification. */
export function queueEvents(state: NotifyState, events: readonly SecurityEvent[]): NotifyState {
  const queued = { ...state.queued };
  for (const event of events) if (event.notify) queued[event.kind] = (queued[event.kind] ?? 0) + 1;
  return { ...state, queued };
}

function total(state: NotifyState): number {
  return Object.values(state.queued).reduce((sum, n) => sum + (n ?? 0), 0);
}

/** The summary of what is queued. */
export function summarise(state: NotifyState): Notification {
  const count = total(state);
  const kinds = (Object.keys(state.queued) as SecurityEventKind[]).filter((kind) => (state.queued[kind] ?? 0) > 0).map((kind) => LABELS[kind]);
  const what = kinds.length > 3 ? `${kinds.slice(0, 3).join(', ')} and more` : kinds.join(', ');
  return {
    title: count === 1 ? 'Sealed Vault: 1 security event' : `Sealed Vault: ${count} security events`,
    message: `${what.charAt(0).toUpperCase()}${what.slice(1)}. Open the security center to review.`,
  };
}

/**
 * What to do now: a notification to show (and the state after it), or the time to look again
 * (`nextAt`), or nothing queued.
 */
export function notifyStep(state: NotifyState, now: number): { notification: Notification | null; state: NotifyState; nextAt: number | null } {
  if (total(state) === 0) return { notification: null, state, nextAt: null };
  if (state.lastAt !== null && now - state.lastAt < NOTIFY_INTERVAL_MS) return { notification: null, state, nextAt: state.lastAt + NOTIFY_INTERVAL_MS };
  return { notification: summarise(state), state: { lastAt: now, queued: {} }, nextAt: null };
}
