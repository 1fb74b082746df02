/**
 * Security notifications through chrome.notifications (the `notifications` permission), and the
 * alarm that shows a batch once the throttle interval has passed (shared/security/notify-policy.ts).
 * The text is the policy's summary: counts and generic words, never a name, id or secret. Clicking
 * the notification opens the popup page in a tab, where the security center is one click away.
 */
import type { Notification } from '../../../shared/security/notify-policy';

const ALARM = 'security-notify';
/** A plain 32×32 square in the product's colour, as a data URL (the manifest has no icon files). */
const ICON = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAAAKklEQVR42mOQ96ukKWIYtWDUglELRi0YtWDUglELRi0YtWDUglELhooFAGrnmC7RuLL6AAAAAElFTkSuQmCC';
const ID_PREFIX = 'security-events-';

export async function showNotification(notification: Notification): Promise<void> {
  await chrome.notifications.create(`${ID_PREFIX}${Date.now()}`, {
    type: 'basic',
    iconUrl: ICON,
    title: notification.title,
    message: notification.message,
    priority: 1,
  });
}

export function wakeAt(at: number): void {
  void chrome.alarms.create(ALARM, { when: Math.max(at, Date.now() + 1_000) });
}

export function installSecurityNotifications(due: () => void): void {
  chrome.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) due();
  });
  chrome.notifications.onClicked.addListener((id) => {
    if (!id.startsWith(ID_PREFIX)) return;
    void chrome.notifications.clear(id);
    void chrome.tabs.create({ url: chrome.runtime.getURL('extension/popup/index.html#security') });
  });
}
