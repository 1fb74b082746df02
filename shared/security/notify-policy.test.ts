import { describe, expect, it } from 'vitest';
import { EMPTY_NOTIFY_STATE, NOTIFY_INTERVAL_MS, notifyStep, queueEvents } from './notify-policy';
import type { SecurityEvent } from './security-event';

const event = (kind: SecurityEvent['kind'], notify = true): SecurityEvent => ({ key: `${kind}:${Math.random()}`, kind, at: 0, notify });

describe('security notifications', () => {
  it('batches events into one notification at most once per interval', () => {
    let state = queueEvents(EMPTY_NOTIFY_STATE, [event('sync-state'), event('device-enrolled'), event('device-enrolled')]);
    const first = notifyStep(state, 1_000);
    expect(first.notification?.title).toBe('Sealed Vault: 3 security events');
    expect(first.notification?.message).toBe('Sync stopped after a failed check, a device was added. Open the security center to review.');
    state = queueEvents(first.state, [event('bad-record')]);
    const throttled = notifyStep(state, 1_000 + NOTIFY_INTERVAL_MS - 1);
    expect(throttled.notification).toBeNull();
    expect(throttled.nextAt).toBe(1_000 + NOTIFY_INTERVAL_MS);
    const later = notifyStep(state, 1_000 + NOTIFY_INTERVAL_MS);
    expect(later.notification?.title).toBe('Sealed Vault: 1 security event');
    expect(notifyStep(later.state, 10 * NOTIFY_INTERVAL_MS)).toEqual({ notification: null, state: later.state, nextAt: null });
  });

  it("the person's own actions on this device queue nothing", () => {
    expect(notifyStep(queueEvents(EMPTY_NOTIFY_STATE, [event('sync-paused', false)]), 0).notification).toBeNull();
  });
});
