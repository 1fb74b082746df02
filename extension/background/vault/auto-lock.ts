/**
 * Auto-lock, whichever comes first:
 * - the vault's own deadline (no use of the extension for the idle minutes), kept with
 *   chrome.alarms because the worker dies when idle and timers die with it;
 * - chrome.idle reporting the computer idle (no input anywhere) for the same minutes;
 * - chrome.idle reporting the screen locked, if the user wants that (on by default).
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
    if (state === 'active') return;
    void settings.get().then((s) => (state === 'idle' || s.lockOnSystemLock ? lock() : undefined));
  });
  void applyIdleDetection(settings);
}

/** chrome.idle's detection interval follows the auto-lock minutes (it accepts 15 s to 4 h). */
export async function applyIdleDetection(settings: SettingsStore): Promise<void> {
  const minutes = (await settings.get()).autoLockMinutes;
  chrome.idle.setDetectionInterval(Math.min(4 * 3600, Math.max(15, minutes * 60)));
}
