/**
 * Auto-lock with chrome.alarms (the worker dies when idle, so timers cannot be trusted) and
 * chrome.idle (lock when the operating system locks the screen, if the user wants that).
 */
import type { SettingsStore } from './settings';

const ALARM = 'auto-lock';

export function scheduleAutoLock(deadline: number | null): void {
  if (deadline === null) void chrome.alarms.clear(ALARM);
  else void chrome.alarms.create(ALARM, { when: deadline });
}

export function installAutoLock(lock: () => Promise<void>, resume: () => Promise<unknown>, settings: SettingsStore): void {
  chrome.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== ALARM) return;
    // resume() locks by itself when the session's deadline has passed; a later deadline re-arms.
    void resume();
  });
  chrome.idle.onStateChanged.addListener((state) => {
    if (state !== 'locked') return;
    void settings.get().then((s) => (s.lockOnSystemLock ? lock() : undefined));
  });
}
