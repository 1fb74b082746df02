/**
 * `clipboard/copied`: the popup copied a secret; clear the clipboard after the user's delay.
 */
import type { Handlers } from '../router';
import { scheduleClipboardClear } from '../clipboard';
import type { SettingsStore } from '../vault/settings';

export function clipboardHandlers(settings: SettingsStore): Pick<Handlers, 'clipboard/copied'> {
  return {
    'clipboard/copied': async () => {
      scheduleClipboardClear((await settings.get()).clipboardClearSeconds);
      return {};
    },
  };
}
