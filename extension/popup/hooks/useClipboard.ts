/**
 * `useClipboard()`: copies a value, tells the background (`clipboard/copied`) so it clears the
 * clipboard after the user's delay, and keeps a short message for a status region.
 */
import { useState } from 'react';
import { send } from '../messaging';

export interface Clipboard {
  /** Copies `value` (or what `read()` resolves to); `what` names it in the status message. */
  copy: (what: string, value: string | (() => Promise<string>)) => Promise<void>;
  message: string;
}

export function useClipboard(): Clipboard {
  const [message, setMessage] = useState('');
  const copy = async (what: string, value: string | (() => Promise<string>)) => {
    try {
      const text = typeof value === 'string' ? value : await value();
      await navigator.clipboard.writeText(text);
      setMessage(`Copied ${what}. The clipboard is cleared automatically.`);
      await send('clipboard/copied', {}).catch(() => undefined);
    } catch {
      setMessage(`Could not copy the ${what}.`);
    }
  };
  return { copy, message };
}
