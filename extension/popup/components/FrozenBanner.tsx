/**
 * The blocking banner of a frozen collection (DESIGN.md §6 "On a failed check"): which state, what
 * happened and what to do in plain words, an encrypted backup (the export form, in place), and
 * "Approve re-pin" behind an explicit confirmation. The heading takes focus when the banner appears.
 * The vault below stays usable: only sync is stopped.
 */
import { useState } from 'react';
import type { SyncStatusView } from '../../../shared/protocol/messages';
import { describeError, errorCode } from '../error-messages';
import { useFocusOnMount } from '../hooks/useFocusOnMount';
import type { SyncHandle } from '../hooks/useSyncState';
import { FREEZE_ADVICE, freezeExplanation, freezeTitle } from '../sync-wording';
import { EncryptedExport } from './ExportSection';

type Frozen = NonNullable<SyncStatusView['frozen']>;

function ConfirmRepin({ frozen, sync, onCancel, onDone }: { frozen: Frozen; sync: SyncHandle; onCancel: () => void; onDone: (stillFrozen: boolean) => void }) {
  const confirmButton = useFocusOnMount<HTMLButtonElement>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const approve = async () => {
    setBusy(true);
    setError('');
    try {
      const status = await sync.approveRepin(frozen.code);
      onDone(status.frozen !== null);
    } catch (e) {
      setError(describeError(errorCode(e)));
      setBusy(false);
    }
  };
  return (
    <div className="confirm" role="group" aria-labelledby="repin-confirm-text">
      <p id="repin-confirm-text">
        Re-pinning makes this browser trust what the sync server shows now, and the approval is recorded. Do this only if you know why the
        check failed.
      </p>
      <div className="actions">
        <button type="button" className="danger" ref={confirmButton} onClick={() => void approve()} disabled={busy}>
          Confirm re-pin
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
      {error === '' ? null : <p role="alert">{error}</p>}
    </div>
  );
}

export function FrozenBanner({ frozen, sync }: { frozen: Frozen; sync: SyncHandle }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [exporting, setExporting] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState('');
  const done = (stillFrozen: boolean) => {
    setConfirming(false);
    setNotice(stillFrozen ? 'Re-pinned, but what the server shows now fails the checks again. Sync stays stopped.' : '');
  };
  return (
    <section className="frozen-banner stack" aria-labelledby="frozen-title">
      <h2 id="frozen-title" ref={heading} tabIndex={-1}>
        {freezeTitle(frozen.code)}
      </h2>
      <p>{freezeExplanation(frozen.code)}</p>
      <p>{FREEZE_ADVICE}</p>
      <details>
        <summary>Technical details</summary>
        <p className="small">
          State {frozen.code} since {new Date(frozen.at).toLocaleString()}. {frozen.message}
        </p>
      </details>
      <div className="actions">
        <button type="button" aria-expanded={exporting} aria-controls="frozen-export" onClick={() => setExporting((v) => !v)}>
          Export an encrypted backup
        </button>
        <button type="button" onClick={() => setConfirming(true)} disabled={confirming}>
          Approve re-pin
        </button>
      </div>
      <div id="frozen-export" hidden={!exporting}>
        {exporting ? <EncryptedExport /> : null}
      </div>
      {confirming ? <ConfirmRepin frozen={frozen} sync={sync} onCancel={() => setConfirming(false)} onDone={done} /> : null}
      <p role="status">{notice}</p>
    </section>
  );
}
