/**
 * The first screen of a browser without a vault: choose a master password (typed twice, judged by
 * the background's strength policy), then the worker derives the key with Argon2id while a progress
 * bar runs. A password the policy refuses is refused here with the reason, before any key work.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { flushSync } from 'react-dom';
import browser from 'webextension-polyfill';
import { describeError, errorCode } from '../error-messages';
import { ProgressBar } from '../components/ProgressBar';
import { StrengthMeter } from '../components/StrengthMeter';
import { TextField } from '../components/TextField';
import { usePasswordAssessment } from '../hooks/usePasswordAssessment';
import { useVault } from '../hooks/useVault';
import { send } from '../messaging';

export function CreateVaultScreen() {
  const vault = useVault();
  const strengthId = useId();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: 'password' | 'confirm' | 'form'; text: string } | null>(null);
  const assessment = usePasswordAssessment(password);
  const passwordInput = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const confirmInput = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  /** Shows a problem and moves focus to the field it is about. */
  const refuse = (field: 'password' | 'confirm' | 'form', text: string) => {
    flushSync(() => setError({ field, text }));
    if (field !== 'form') (field === 'password' ? passwordInput : confirmInput).current?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (password === '') return refuse('password', 'Choose a master password.');
    if (assessment?.problem != null) return refuse('password', assessment.problem);
    if (confirm !== password) return refuse('confirm', 'The two passwords are not the same.');
    setError(null);
    setBusy(true);
    try {
      await send('vault/create', { password });
      setPassword('');
      setConfirm('');
      vault.setState('unlocked');
    } catch (thrown) {
      const code = errorCode(thrown);
      setBusy(false);
      if (code === 'VAULT_EXISTS') vault.setState('locked');
      else if (code === 'WEAK_PASSWORD') refuse('password', assessment?.problem ?? describeError(code));
      else refuse('form', describeError(code));
    }
  };

  return (
    <main className="screen">
      <h1>Welcome to Sealed Vault</h1>
      <p>Your passwords and secrets, end-to-end encrypted and in sync on every browser you own.</p>
      <form className="stack" onSubmit={submit} noValidate aria-labelledby={`${strengthId}-title`}>
        <h2 id={`${strengthId}-title`}>Create your vault</h2>
        <p className="hint">
          The master password opens your vault. Nobody can reset it for you, so choose one you will remember: several
          unrelated words work well.
        </p>
        <TextField
          label="Master password"
          type={shown ? 'text' : 'password'}
          value={password}
          onChange={setPassword}
          autoComplete="new-password"
          autoFocus
          readOnly={busy}
          describedBy={strengthId}
          inputRef={passwordInput}
          error={error?.field === 'password' ? error.text : undefined}
        />
        <StrengthMeter id={strengthId} label="Master password strength" assessment={assessment} />
        <TextField
          label="Confirm master password"
          type={shown ? 'text' : 'password'}
          value={confirm}
          onChange={setConfirm}
          autoComplete="new-password"
          readOnly={busy}
          inputRef={confirmInput}
          error={error?.field === 'confirm' ? error.text : undefined}
        />
        <label className="check">
          <input type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} /> Show passwords
        </label>
        {error?.field === 'form' ? <p role="alert" className="form-error">{error.text}</p> : null}
        {busy ? <ProgressBar label="Creating vault" detail="Deriving your key. This takes a moment." /> : null}
        <button type="submit" className="primary" disabled={busy}>
          Create vault
        </button>
      </form>
      <section className="stack" aria-labelledby="join-existing-title">
        <h2 id="join-existing-title">Already use Sealed Vault on another browser?</h2>
        {/* An extension tab: the camera prompt would close the popup. */}
        <button type="button" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('extension/popup/join.html') })}>
          Join a vault from another device
        </button>
      </section>
      <p className="muted small">Version {vault.version}</p>
    </main>
  );
}
