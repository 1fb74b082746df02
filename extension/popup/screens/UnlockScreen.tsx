/**
 * The locked vault: one master password field. A wrong password changes nothing and says so; after
 * several, the background slows attempts down (RATE_LIMITED) and the popup shows the wait. When the
 * vault has passkeys, "Unlock with a passkey" opens the passkeys page (a WebAuthn prompt would close
 * the popup).
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import browser from 'webextension-polyfill';
import { describeError, describeRateLimit, errorCode } from '../error-messages';
import { ProgressBar } from '../components/ProgressBar';
import { TextField } from '../components/TextField';
import { useVault } from '../hooks/useVault';
import { send } from '../messaging';

export function UnlockScreen() {
  const vault = useVault();
  const alertId = useId();
  const input = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [password, setPassword] = useState('');
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [hasPasskeys, setHasPasskeys] = useState(false);
  useEffect(() => {
    let live = true;
    send('passkey/unlock-begin', {})
      .then((res) => live && setHasPasskeys(res.credentials.length > 0))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (password === '') {
      setError('Enter your master password.');
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await send('vault/unlock', { password });
      setPassword('');
      vault.setState('unlocked');
    } catch (thrown) {
      const code = errorCode(thrown);
      setBusy(false);
      setPassword('');
      if (code === 'NO_VAULT') return vault.setState('no-vault');
      setError(code === 'RATE_LIMITED' ? describeRateLimit(thrown) : describeError(code));
      input.current?.focus();
    }
  };

  return (
    <main className="screen">
      <h1>Unlock your vault</h1>
      <form className="stack" onSubmit={submit} noValidate>
        <TextField
          label="Master password"
          type={shown ? 'text' : 'password'}
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
          autoFocus
          readOnly={busy}
          inputRef={input}
          describedBy={error === null ? undefined : alertId}
        />
        <label className="check">
          <input type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} /> Show password
        </label>
        {error === null ? null : (
          <p role="alert" id={alertId} className="form-error">
            {error}
          </p>
        )}
        {busy ? <ProgressBar label="Unlocking" detail="Unlocking your vault…" /> : null}
        <button type="submit" className="primary" disabled={busy}>
          Unlock
        </button>
      </form>
      {hasPasskeys ? (
        <button type="button" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('extension/popup/passkeys.html') })}>
          Unlock with a passkey
        </button>
      ) : null}
      <p className="muted small">Version {vault.version}</p>
    </main>
  );
}
