/**
 * The join page (an extension tab, so the camera prompt does not close the popup): a browser with no
 * vault joins one from another device (DESIGN.md §7, docs/pairing.md §19). Scan the QR code (camera)
 * or paste the invite text; the vault fingerprint and the server are shown before anything is sent;
 * then the worker runs the exchange and this page follows its status: the code to pick on the other
 * device, this browser's master password, the first sync, the end. A browser that has a vault is
 * told so and offered nothing (never merge).
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { flushSync } from 'react-dom';
import browser from 'webextension-polyfill';
import type { JoinStatusView } from '../../../shared/protocol/join-messages';
import { CodeStep, EndStep, FinishingStep, PasswordStep, StepHeading } from '../components/JoinSteps';
import { ProgressBar } from '../components/ProgressBar';
import { QrScanner } from '../components/QrScanner';
import { TextField } from '../components/TextField';
import { useAppStatus } from '../hooks/useAppStatus';
import { errorCode } from '../error-messages';
import { joinError } from '../join-wording';
import { send } from '../messaging';

type Entry = { kind: 'choose'; problem?: string } | { kind: 'scan' } | { kind: 'confirm'; invite: string; fingerprint: string; server: string };

function ChooseStep({ problem, onScan, onInvite }: { problem?: string; onScan: () => void; onInvite: (text: string) => Promise<string | null> }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const input = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  /** Shows the problem and moves focus to the field, so it is read out. */
  const refuse = (problem: string) => {
    flushSync(() => setError(problem));
    input.current?.focus();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') return refuse('Paste the invite text your other device shows.');
    const problem = await onInvite(text);
    if (problem !== null) refuse(problem);
  };
  return (
    <div className="stack">
      <p>
        On your other device, open <strong>Settings → Devices → Add a device</strong>. It shows a QR code and the same invite as text.
      </p>
      {problem === undefined ? null : (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
      <section className="stack" aria-labelledby="join-scan-title">
        <h2 id="join-scan-title">Scan the QR code</h2>
        <button type="button" className="primary" onClick={onScan}>
          Scan the QR code
        </button>
      </section>
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="join-paste-title">
        <h2 id="join-paste-title">Paste the invite text</h2>
        <TextField label="Invite text" value={text} onChange={setText} multiline mono error={error} inputRef={input} />
        <button type="submit">Continue</button>
      </form>
    </div>
  );
}

function ConfirmStep({ entry, onStatus, onCancel }: { entry: Extract<Entry, { kind: 'confirm' }>; onStatus: (s: JoinStatusView) => void; onCancel: () => void }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const join = async () => {
    setBusy(true);
    // Asked first, within the click: the browser shows its prompt only for a user gesture.
    const origins = [`${entry.server}/*`];
    const granted = (await browser.permissions.contains({ origins })) || (await browser.permissions.request({ origins }).catch(() => false));
    if (!granted) {
      setBusy(false);
      return setProblem(joinError('FORBIDDEN_SENDER'));
    }
    try {
      onStatus(await send('join/start', { invite: entry.invite }));
    } catch (error) {
      setBusy(false);
      setProblem(joinError(errorCode(error)));
    }
  };
  return (
    <section className="stack" aria-labelledby="join-confirm-heading">
      <div id="join-confirm-heading">
        <StepHeading>Join this vault?</StepHeading>
      </div>
      <dl className="join-facts">
        <dt>Vault fingerprint</dt>
        <dd className="fingerprint">{entry.fingerprint}</dd>
        <dt>Server</dt>
        <dd>{entry.server}</dd>
      </dl>
      <p className="small">
        Your other device’s invite names this vault and server. Join only if they are the ones you expect: this browser becomes a device of that
        vault, with a copy of every item.
      </p>
      {problem === undefined ? null : (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
      {busy ? <ProgressBar label="Connecting to your other device" /> : null}
      <div className="row">
        <button type="button" className="primary" onClick={() => void join()} disabled={busy}>
          Join this vault
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </section>
  );
}

function useJoinStatus(): [JoinStatusView | null, (s: JoinStatusView | null) => void] {
  const [status, setStatus] = useState<JoinStatusView | null>(null);
  const phase = status?.phase;
  useEffect(() => {
    let live = true;
    const poll = () => void send('join/status', {}).then((s) => live && setStatus(s), () => undefined);
    if (phase === undefined) poll();
    const active = phase === 'connecting' || phase === 'code' || phase === 'finishing';
    const timer = active ? setInterval(poll, 1000) : undefined;
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [phase]);
  return [status, setStatus];
}

function JoinFlow() {
  const [status, setStatus] = useJoinStatus();
  const [entry, setEntry] = useState<Entry>({ kind: 'choose' });
  const inspect = async (text: string): Promise<string | null> => {
    try {
      const named = await send('join/inspect', { invite: text });
      setEntry({ kind: 'confirm', invite: text.trim(), ...named });
      return null;
    } catch (error) {
      return joinError(errorCode(error));
    }
  };
  const again = async () => {
    setStatus(await send('join/cancel', {}).catch(() => ({ phase: 'none' as const })));
    setEntry({ kind: 'choose' });
  };

  if (status === null) return <p className="muted">Loading…</p>;
  if (status.phase === 'connecting') return <ProgressBar label="Connecting to your other device" />;
  if (status.phase === 'code') return <CodeStep status={status} onCancel={() => void again()} />;
  if (status.phase === 'approved') return <PasswordStep status={status} onStatus={setStatus} />;
  if (status.phase === 'finishing') return <FinishingStep status={status} />;
  if (status.phase !== 'none') return <EndStep status={status} onAgain={() => void again()} />;
  if (entry.kind === 'confirm') return <ConfirmStep entry={entry} onStatus={setStatus} onCancel={() => setEntry({ kind: 'choose' })} />;
  if (entry.kind === 'scan') {
    return (
      <section className="stack" aria-labelledby="join-scan-heading">
        <div id="join-scan-heading">
          <StepHeading>Scan the QR code</StepHeading>
        </div>
        <QrScanner
          onScanned={(text) => void inspect(text).then((problem) => problem !== null && setEntry({ kind: 'choose', problem }))}
          onProblem={(problem) => setEntry({ kind: 'choose', problem })}
        />
        <button type="button" onClick={() => setEntry({ kind: 'choose' })}>
          Cancel
        </button>
      </section>
    );
  }
  return <ChooseStep problem={entry.problem} onScan={() => setEntry({ kind: 'scan' })} onInvite={inspect} />;
}

export function JoinPage() {
  const app = useAppStatus();
  // Asked once, when the page opens: a vault this page then makes by joining is not "already has a vault".
  const canJoin = app.phase === 'ready' && app.status.vault === 'no-vault';
  return (
    <main className="screen page-main">
      <h1>Join a vault from another device</h1>
      {app.phase === 'loading' ? <p className="muted">Loading…</p> : null}
      {app.phase === 'failed' ? <p role="alert">{joinError(app.code)}</p> : null}
      {app.phase === 'ready' && app.status.vault !== 'no-vault' && !canJoin ? <p role="alert">{joinError('VAULT_EXISTS')} To join, use a browser profile without a vault.</p> : null}
      {canJoin ? <JoinFlow /> : null}
    </main>
  );
}
