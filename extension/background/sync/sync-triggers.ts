/**
 * When sync runs (DESIGN.md §6 "Triggers"), with chrome.alarms because the worker dies when idle
 * and its timers with it:
 * - a poll every 5 minutes (`sync-poll`);
 * - after a local change, 2 s after the last one (a timer), backed by a one-shot `sync-soon` alarm
 *   30 s out in case the worker is stopped first; a finished run clears that alarm;
 * - unlock, and worker start-up while unlocked, come from the vault session (sync-service.ts);
 *   popup open from the `sync/status` message; a WebSocket hint from hint-socket.ts.
 * Every trigger runs only while the vault is unlocked; alarms firing while locked do nothing.
 */
const POLL = 'sync-poll';
const SOON = 'sync-soon';
export const POLL_MINUTES = 5;
export const DEBOUNCE_MS = 2_000;
const BACKSTOP_MS = 30_000;

export function syncSchedule(run: () => void): { soon(): void; done(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    soon() {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        run();
      }, DEBOUNCE_MS);
      void chrome.alarms.create(SOON, { when: Date.now() + BACKSTOP_MS });
    },
    done() {
      if (timer === undefined) void chrome.alarms.clear(SOON);
    },
  };
}

/** Installs the poll alarm (kept when already there) and the alarm listener. */
export function installSyncAlarms(runIfUnlocked: () => void): void {
  void chrome.alarms.get(POLL).then((alarm) => {
    if (alarm === undefined) void chrome.alarms.create(POLL, { periodInMinutes: POLL_MINUTES });
  });
  chrome.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === POLL || alarm.name === SOON) runIfUnlocked();
  });
}
