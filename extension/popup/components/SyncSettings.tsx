/**
 * Settings → Sync: connect this vault to a sync server ("Create sync account"), or, once connected,
 * the server, the status, the state code to compare with other devices, and "Sync now".
 * The browser asks for permission to reach the server here, on the click (a user gesture); local
 * servers (https://localhost, https://127.0.0.1) are allowed from installation.
 */
import { useState, type FormEvent } from 'react';
import browser from 'webextension-polyfill';
import type { SyncStatusView } from '../../../shared/protocol/messages';
import { describeError, errorCode } from '../error-messages';
import { useSyncState, type SyncHandle } from '../hooks/useSyncState';
import { syncSummary } from '../sync-wording';
import { ProgressBar } from './ProgressBar';
import { TextField } from './TextField';

/** The https origin typed, or a reason it is not one. */
function originOf(text: string): { origin: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { problem: 'Enter the server address, for example https://vault.example.org.' };
  }
  if (url.protocol !== 'https:') return { problem: 'The address must start with https://.' };
  if (url.username !== '' || url.password !== '') return { problem: 'The address must not contain a user name or password.' };
  return { origin: url.origin };
}

const CONNECT_ERRORS: Record<string, string> = {
  UNAVAILABLE: 'The server could not be reached. Check the address and try again.',
  FORBIDDEN_SENDER: 'The extension may not reach that server: the permission was not given.',
  RATE_LIMITED: 'The server is busy. Wait a minute, then try again.',
};

function ConnectForm({ sync, initial }: { sync: SyncHandle; initial: string }) {
  const [server, setServer] = useState(initial);
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = originOf(server);
    if ('problem' in checked) return setProblem(checked.problem);
    setProblem(undefined);
    // Asked first, within the click: the browser shows its prompt only for a user gesture.
    const granted = await browser.permissions.request({ origins: [`${checked.origin}/*`] }).catch(() => false);
    if (!granted) return setProblem(CONNECT_ERRORS.FORBIDDEN_SENDER);
    setBusy(true);
    try {
      await sync.connect(checked.origin);
    } catch (error) {
      const code = errorCode(error);
      setProblem(CONNECT_ERRORS[code] ?? describeError(code));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="sync-title">
      <p className="muted small">
        Keep this vault in sync with your other browsers. Items are encrypted here before they leave; the server never learns your master
        password or what your vault holds.
      </p>
      <TextField label="Sync server URL" value={server} onChange={setServer} error={problem} autoComplete="url" />
      <button type="submit" className="primary" disabled={busy}>
        {initial === '' ? 'Create sync account' : 'Finish setting up sync'}
      </button>
      {busy ? <ProgressBar label="Creating the sync account" /> : null}
    </form>
  );
}

function Connected({ status, sync }: { status: SyncStatusView; sync: SyncHandle }) {
  const [busy, setBusy] = useState(false);
  const now = async () => {
    setBusy(true);
    await sync.syncNow().catch(() => undefined);
    setBusy(false);
  };
  return (
    <div className="stack">
      <p>
        Syncs with <strong>{status.server}</strong>
      </p>
      <p role="status" className="small">
        {syncSummary(status)}
      </p>
      {status.stateCode === null ? null : (
        <p className="small">
          State code: <code>{status.stateCode}</code>
          <br />
          <span className="muted">Your other devices show the same code when they agree on what the server holds.</span>
        </p>
      )}
      {status.quarantined > 0 ? <p className="small">{status.quarantined} received items could not be opened and were set aside.</p> : null}
      <button type="button" onClick={() => void now()} disabled={busy}>
        Sync now
      </button>
    </div>
  );
}

export function SyncSettings() {
  const sync = useSyncState();
  const { state } = sync;
  return (
    <section aria-labelledby="sync-title" className="stack">
      <h2 id="sync-title">Sync</h2>
      {state.phase === 'loading' ? <p className="muted">Loading…</p> : null}
      {state.phase === 'failed' ? <p role="alert">{describeError(state.code)}</p> : null}
      {state.phase === 'ready' && state.status.phase === 'off' ? <ConnectForm sync={sync} initial="" /> : null}
      {state.phase === 'ready' && state.status.phase === 'setting-up' ? <ConnectForm sync={sync} initial={state.status.server ?? ''} /> : null}
      {state.phase === 'ready' && state.status.phase !== 'off' && state.status.phase !== 'setting-up' ? (
        <Connected status={state.status} sync={sync} />
      ) : null}
    </section>
  );
}
