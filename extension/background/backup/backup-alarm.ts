/**
 * When scheduled backups run: an hourly chrome.alarms check (`backup-check`; the worker dies when
 * idle, so no timers) and each unlock. A backup is made only when one is due and the vault is
 * unlocked (backup-service.ts `runScheduled`); a locked vault waits for the next unlock.
 */
const ALARM = 'backup-check';

export function installBackupAlarm(run: () => void): void {
  void chrome.alarms.get(ALARM).then((alarm) => {
    if (alarm === undefined) void chrome.alarms.create(ALARM, { periodInMinutes: 60 });
  });
  chrome.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) run();
  });
}
