/**
 * The recovery kit of this vault in the popup (docs/recovery-ui.md):
 * - `RecoveryKitPrompt`, on the vault screen while the vault has no kit and the person has not
 *   chosen "Later": make the kit now (shown once, confirmed by two retyped groups) or postpone;
 * - `RecoveryKitSettings`, Settings → Recovery kit: whether a kit is set (a warning when not),
 *   and making a new one, which revokes the old kit and rotates the user key, with progress.
 */
import { useCallback, useEffect, useState } from 'react';
import type { RecoveryKitStatusView, RecoveryKitView } from '../../../shared/protocol/messages';
import { errorCode } from '../error-messages';
import { send } from '../messaging';
import { kitError } from '../recovery-wording';
import { ProgressBar } from './ProgressBar';
import { RecoveryKitCard } from './RecoveryKitCard';

function useKitStatus() {
  const [status, setStatus] = useState<RecoveryKitStatusView | null>(null);
  const refresh = useCallback(() => send('recovery/kit-status', {}).then(setStatus, () => undefined), []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    if (status?.progress == null) return;
    const timer = setInterval(() => void refresh(), 1000);
    return () => clearInterval(timer);
  }, [status?.progress, refresh]);
  return { status, setStatus, refresh };
}

/** Make a kit, show it, confirm it; `onDone` gets the status after the confirmation. */
function MakeKit({ title, onDone, onCancel }: { title: string; onDone: (status: RecoveryKitStatusView) => void; onCancel: () => void }) {
  const [kit, setKit] = useState<RecoveryKitView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    let live = true;
    send('recovery/kit-begin', {}).then(
      (made) => live && setKit(made),
      (error: unknown) => live && setProblem(kitError(errorCode(error))),
    );
    return () => {
      live = false;
    };
  }, []);
  const cancel = () => {
    void send('recovery/kit-cancel', {}).catch(() => undefined);
    onCancel();
  };
  if (problem !== null) return <p role="alert" className="form-error">{problem}</p>;
  if (kit === null) return <p className="muted">Making your recovery kit…</p>;
  return (
    <div className="stack">
      <RecoveryKitCard
        kit={kit}
        title={title}
        onConfirm={async (answers) => {
          setSaving(true);
          try {
            const status = await send('recovery/kit-confirm', { answers });
            setKit(null);
            onDone(status);
          } finally {
            setSaving(false);
          }
        }}
      />
      {saving ? <ProgressBar label="Saving the recovery kit" detail="Registering the kit and rotating keys where needed." /> : null}
      <button type="button" onClick={cancel} disabled={saving}>
        Cancel
      </button>
    </div>
  );
}

function describeKit(status: RecoveryKitStatusView): string {
  const date = (at: number | null) => (at === null ? '' : ` on ${new Date(at).toLocaleString()}`);
  switch (status.kit) {
    case 'registered':
      return `Your recovery kit was made${date(status.confirmedAt)} and is registered with your sync server.`;
    case 'waiting':
      return status.connected
        ? `Your recovery kit was made${date(status.confirmedAt)}; it is registered with your sync server at the next sync.`
        : `Your recovery kit was made${date(status.confirmedAt)}. It is registered with your sync server when you connect this vault to one (Settings → Sync); until then it restores nothing.`;
    case 'elsewhere':
      return 'A recovery kit for this vault was made on another of your devices.';
    case 'none':
      return 'No recovery kit yet.';
  }
}

/** Settings → Recovery kit. */
export function RecoveryKitSettings() {
  const { status, setStatus, refresh } = useKitStatus();
  const [making, setMaking] = useState(false);
  const [notice, setNotice] = useState('');
  return (
    <section aria-labelledby="recovery-kit-title" className="stack">
      <h2 id="recovery-kit-title">Recovery kit</h2>
      {status === null ? <p className="muted">Loading…</p> : null}
      {status !== null && status.kit === 'none' ? (
        <p className="warning">
          No recovery kit yet. If you lose every device (or forget your master password on all of them), a recovery kit is the only way back into
          your vault.
        </p>
      ) : null}
      {status !== null && status.kit !== 'none' ? <p>{describeKit(status)}</p> : null}
      {status?.error == null ? null : <p role="alert" className="form-error">{`Registering the kit failed: ${kitError(status.error)}`}</p>}
      {status?.progress == null ? null : <ProgressBar label="Recovery kit" detail={status.progress} />}
      <p role="status">{notice}</p>
      {making ? (
        <MakeKit
          title={status?.kit === 'none' ? 'Your recovery kit' : 'Your new recovery kit'}
          onDone={(next) => {
            setMaking(false);
            setStatus(next);
            setNotice(next.kit === 'registered' ? 'Recovery kit saved and registered. Any older kit no longer works.' : 'Recovery kit saved.');
          }}
          onCancel={() => {
            setMaking(false);
            void refresh();
          }}
        />
      ) : (
        <>
          {status !== null && status.kit !== 'none' ? (
            <p className="muted small">A new kit revokes the old one at once and rotates your user key, so the old kit opens nothing written afterwards.</p>
          ) : null}
          <button type="button" onClick={() => setMaking(true)} disabled={status === null || status.progress !== null}>
            {status !== null && status.kit !== 'none' ? 'Make a new recovery kit' : 'Make a recovery kit'}
          </button>
        </>
      )}
    </section>
  );
}

/** The vault screen's prompt while the vault has no kit (until made, or postponed with "Later"). */
export function RecoveryKitPrompt() {
  const { status, setStatus } = useKitStatus();
  const [making, setMaking] = useState(false);
  const [saved, setSaved] = useState(false);
  if (saved) return <p role="status">Recovery kit saved. You can make a new one any time in Settings.</p>;
  if (status === null || status.kit !== 'none' || status.postponed) return null;
  return (
    <section aria-labelledby="kit-prompt-title" className="stack restored-notice">
      <h2 id="kit-prompt-title">Save a recovery kit</h2>
      {making ? (
        <MakeKit
          title="Your recovery kit"
          onDone={() => {
            setMaking(false);
            setSaved(true);
          }}
          onCancel={() => setMaking(false)}
        />
      ) : (
        <>
          <p className="small">
            If you lose every device or forget your master password, a recovery kit is the only way back into your vault. Make it now and keep it
            somewhere safe.
          </p>
          <div className="row">
            <button type="button" className="primary" onClick={() => setMaking(true)}>
              Make recovery kit
            </button>
            <button type="button" onClick={() => void send('recovery/kit-postpone', {}).then(setStatus, () => undefined)}>
              Later
            </button>
          </div>
        </>
      )}
    </section>
  );
}
