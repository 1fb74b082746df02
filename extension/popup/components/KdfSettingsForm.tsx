/** Key-derivation strength: Argon2id memory and passes, never below the minimum, applied with the master password. */
import { useEffect, useState, type FormEvent } from 'react';
import { describeError, errorCode } from '../error-messages';
import { send } from '../messaging';
import { ProgressBar } from './ProgressBar';

const MIN_MIB = 19;

export function KdfSettingsForm() {
  const [mib, setMib] = useState('');
  const [passes, setPasses] = useState('');
  const [lanes, setLanes] = useState(4);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');

  useEffect(() => {
    send('vault/kdf-get', {}).then(
      (kdf) => (setMib(String(Math.round(kdf.m / 1024))), setPasses(String(kdf.t)), setLanes(kdf.p)),
      () => setError(describeError('LOCKED')),
    );
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError('');
    setStatus('');
    const m = Number(mib) * 1024;
    const t = Number(passes);
    if (!Number.isInteger(m) || Number(mib) < MIN_MIB || !Number.isInteger(t) || t < 2) {
      setError(describeError('KDF_TOO_WEAK'));
      return;
    }
    setBusy(true);
    try {
      await send('vault/kdf-set', { password, m, t, p: lanes });
      setStatus('Key derivation updated. Your items were not re-encrypted; only the vault key was re-wrapped.');
    } catch (e) {
      setError(describeError(errorCode(e)));
    } finally {
      setBusy(false);
      setPassword('');
    }
  };

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} aria-labelledby="kdf-title">
      <h2 id="kdf-title">Key derivation (Argon2id)</h2>
      <p className="hint">Higher values make guessing your master password slower, and unlocking too. Minimum {MIN_MIB} MiB and 2 passes.</p>
      <label htmlFor="kdf-memory">Memory (MiB)</label>
      <input id="kdf-memory" type="number" min={MIN_MIB} max={4096} value={mib} onChange={(e) => setMib(e.target.value)} />
      <label htmlFor="kdf-passes">Passes</label>
      <input id="kdf-passes" type="number" min={2} max={64} value={passes} onChange={(e) => setPasses(e.target.value)} />
      <label htmlFor="kdf-password">Master password (to apply)</label>
      <input id="kdf-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      <button type="submit" disabled={busy}>Apply key derivation</button>
      {busy && <ProgressBar label="Re-wrapping the vault key" />}
      {status && <p role="status">{status}</p>}
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
