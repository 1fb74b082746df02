/**
 * Clears copied secrets from the clipboard after the user's delay (30 s by default). The worker
 * has no clipboard, so it wakes on a chrome.alarms alarm and asks an offscreen document (reason
 * CLIPBOARD) to overwrite the clipboard with an empty string, then closes it. A later copy replaces
 * the pending alarm. Trade-off, documented: anything the user copied in between is cleared too.
 */
const ALARM = 'clear-clipboard';
const OFFSCREEN_PATH = 'extension/offscreen/index.html';

export function scheduleClipboardClear(seconds: number): void {
  void chrome.alarms.create(ALARM, { when: Date.now() + seconds * 1000 });
}

export function installClipboardClearing(): void {
  chrome.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) void clearClipboard();
  });
}

async function clearClipboard(): Promise<void> {
  if (!(await chrome.offscreen.hasDocument())) {
    await chrome.offscreen.createDocument({
      url: OFFSCREEN_PATH,
      reasons: [chrome.offscreen.Reason.CLIPBOARD],
      justification: 'Clear a copied password from the clipboard after the delay the user chose',
    });
  }
  try {
    await askOffscreen();
  } finally {
    await chrome.offscreen.closeDocument();
  }
}

/** The document may still be loading its script right after creation: ask until it answers. */
async function askOffscreen(): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const answer: unknown = await chrome.runtime.sendMessage({ target: 'offscreen', action: 'clear-clipboard' }).catch(() => undefined);
    if (typeof answer === 'object' && answer !== null && 'ok' in answer) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  console.warn('clipboard: the offscreen document did not answer');
}
