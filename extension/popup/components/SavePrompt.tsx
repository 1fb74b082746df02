/**
 * The pending "Save login for shop.example?" / "Update password?" question after a form was
 * submitted. Nothing is saved until the person presses Save or Update.
 */
import { useState } from 'react';
import type { AutofillStatus } from '../../../shared/protocol/messages';
import { send } from '../messaging';

interface SavePromptProps {
  tabId: number;
  capture: NonNullable<AutofillStatus['capture']>;
  onDone: (notice: string) => void;
}

export function SavePrompt({ tabId, capture, onDone }: SavePromptProps) {
  const [busy, setBusy] = useState(false);
  const answer = (choice: 'save' | 'update' | 'never' | 'dismiss', notice: string) => {
    setBusy(true);
    send('autofill/capture-answer', { tabId, answer: choice })
      .then(() => onDone(notice))
      .catch(() => onDone('The login could not be saved.'))
      .finally(() => setBusy(false));
  };
  const question =
    capture.action === 'save' ? `Save login for ${capture.host}?` : `Update the password of ${capture.itemName ?? 'this login'} on ${capture.host}?`;
  return (
    <section className="save-prompt" aria-labelledby="save-prompt-title">
      <h2 id="save-prompt-title" className="small">
        {question}
      </h2>
      {capture.username === '' ? null : <p className="muted small">Username: {capture.username}</p>}
      <div className="toolbar">
        {capture.action === 'save' ? (
          <button type="button" className="primary" disabled={busy} onClick={() => answer('save', 'Login saved.')}>
            Save
          </button>
        ) : (
          <button type="button" className="primary" disabled={busy} onClick={() => answer('update', 'Password updated.')}>
            Update
          </button>
        )}
        <button type="button" disabled={busy} onClick={() => answer('never', `Sealed Vault will not offer to save for ${capture.host} again.`)}>
          Never for this site
        </button>
        <button type="button" disabled={busy} onClick={() => answer('dismiss', 'Not saved.')}>
          Not now
        </button>
      </div>
    </section>
  );
}
