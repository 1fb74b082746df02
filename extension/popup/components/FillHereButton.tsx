/**
 * "Fill on this page" for one login, from its item screen. A login of another site of the same
 * domain fills only after a second, explicit "Fill anyway"; every refusal is explained.
 */
import { useState } from 'react';
import type { FillOutcome } from '../../../shared/protocol/autofill';
import { describeOutcome } from '../autofill-messages';
import { popupTabId } from '../hooks/useAutofill';
import { send } from '../messaging';

export function FillHereButton({ id }: { id: string }) {
  const [outcome, setOutcome] = useState<FillOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const fill = async (allowDomain: boolean) => {
    setBusy(true);
    try {
      const tabId = await popupTabId();
      setOutcome(tabId === null ? { outcome: 'refused', reason: 'no-page' } : await send('autofill/fill', { tabId, id, allowDomain }));
    } catch {
      setOutcome({ outcome: 'refused', reason: 'no-page' });
    } finally {
      setBusy(false);
    }
  };
  const needsChoice = outcome?.outcome === 'refused' && outcome.reason === 'needs-choice';
  return (
    <div className="fill-here">
      <button type="button" className="primary" disabled={busy} onClick={() => void fill(false)}>
        Fill on this page
      </button>
      {needsChoice ? (
        <button type="button" disabled={busy} onClick={() => void fill(true)}>
          Fill anyway
        </button>
      ) : null}
      <p role="status" className="status small">
        {outcome === null ? '' : describeOutcome(outcome)}
      </p>
    </div>
  );
}
