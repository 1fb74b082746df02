/**
 * The current tab's logins, with a Fill button each: exact-origin matches first (most recently
 * used first), then, only after the person asks, logins of other sites of the same registrable
 * domain. Shows the pending save prompt and why the last fill did or did not happen.
 */
import { useState } from 'react';
import type { FillCandidate } from '../../../shared/protocol/messages';
import { describeOutcome } from '../autofill-messages';
import type { AutofillHandle } from '../hooks/useAutofill';
import { send } from '../messaging';
import { SavePrompt } from './SavePrompt';

function CandidateList({ label, candidates, onFill }: { label: string; candidates: FillCandidate[]; onFill: (c: FillCandidate) => void }) {
  return (
    <ul className="candidates" aria-label={label}>
      {candidates.map((c) => (
        <li key={c.id} className="candidate">
          <span>
            {c.name}
            {c.username === '' ? null : <span className="muted small"> · {c.username}</span>}
          </span>
          <button type="button" className="small" aria-label={`Fill ${c.name}`} onClick={() => onFill(c)}>
            Fill
          </button>
        </li>
      ))}
    </ul>
  );
}

export function AutofillPanel({ autofill, onVaultChanged }: { autofill: AutofillHandle; onVaultChanged?: () => void }) {
  const { tabId, status, refresh } = autofill;
  const [showDomain, setShowDomain] = useState(false);
  const [message, setMessage] = useState('');
  if (tabId === null || status === null || status.origin === null) return null;
  const { candidates, capture, last } = status;
  const host = new URL(status.origin).host;
  const fill = (c: FillCandidate) => {
    send('autofill/fill', { tabId, id: c.id, allowDomain: c.kind === 'domain' })
      .then((outcome) => setMessage(describeOutcome(outcome)))
      .catch(() => setMessage('Nothing was filled: the background service failed.'))
      .finally(refresh);
  };
  const shown = message !== '' ? message : last === null ? '' : describeOutcome(last);
  return (
    <section className="autofill-panel" aria-label={`Logins for ${host}`}>
      {capture === null ? null : (
        <SavePrompt
          tabId={tabId}
          capture={capture}
          onDone={(notice) => {
            setMessage(notice);
            refresh();
            onVaultChanged?.();
          }}
        />
      )}
      {candidates.origin.length > 0 ? <CandidateList label={`Logins for ${host}`} candidates={candidates.origin} onFill={fill} /> : null}
      {candidates.domain.length > 0 ? (
        <>
          <button type="button" className="small" aria-expanded={showDomain} onClick={() => setShowDomain(!showDomain)}>
            Logins for other sites of this domain ({candidates.domain.length})
          </button>
          {showDomain ? (
            <>
              <p className="muted small">These logins were saved for another site of the same domain. Fill one only if you trust this page with it.</p>
              <CandidateList label="Logins for other sites of this domain" candidates={candidates.domain} onFill={fill} />
            </>
          ) : null}
        </>
      ) : null}
      {candidates.insecure > 0 ? (
        <p className="muted small">
          {candidates.insecure === 1 ? '1 login is' : `${candidates.insecure} logins are`} not offered: this page is not secure (http).
        </p>
      ) : null}
      <p role="status" className="status autofill-status">
        {shown}
      </p>
    </section>
  );
}
