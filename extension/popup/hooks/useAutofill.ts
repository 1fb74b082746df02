/**
 * `useAutofill()`: the autofill status of the tab this popup is for: the active tab of the popup's
 * window, or the tab named by `?tab=<id>` (a popup opened as a page, as the e2e tests do). The
 * tab id only says which tab to ask about: the background takes the page's origin from Chrome.
 */
import { useCallback, useEffect, useState } from 'react';
import browser from 'webextension-polyfill';
import type { AutofillStatus } from '../../../shared/protocol/messages';
import { send } from '../messaging';

export async function popupTabId(): Promise<number | null> {
  const named = new URLSearchParams(location.search).get('tab');
  if (named !== null && /^\d+$/.test(named)) return Number(named);
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  return active?.id ?? null;
}

export interface AutofillHandle {
  tabId: number | null;
  status: AutofillStatus | null;
  refresh: () => void;
}

export function useAutofill(): AutofillHandle {
  const [tabId, setTabId] = useState<number | null>(null);
  const [status, setStatus] = useState<AutofillStatus | null>(null);
  const [revision, setRevision] = useState(0);
  useEffect(() => {
    let live = true;
    void popupTabId().then((id) => live && setTabId(id));
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    if (tabId === null) return undefined;
    let live = true;
    send('autofill/status', { tabId })
      .then((next) => live && setStatus(next))
      .catch(() => live && setStatus(null));
    return () => {
      live = false;
    };
  }, [tabId, revision]);
  const refresh = useCallback(() => setRevision((n) => n + 1), []);
  return { tabId, status, refresh };
}
