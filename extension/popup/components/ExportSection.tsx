/** Export: our encrypted format (its own password), or unencrypted JSON/CSV behind a warning and the master password. */
import { useState, type FormEvent } from 'react';
import { describeError, errorCode } from '../error-messages';
import { downloadBase64 } from '../files';
import { send } from '../messaging';
import { ProgressBar } from './ProgressBar';

function useExport() {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  async function run(work: () => Promise<{ fileName: string; mimeType: string; data: string }>) {
    setBusy(true);
    setError('');
    setMessage('');
    try {
      const file = await work();
      downloadBase64(file.fileName, file.mimeType, file.data);
      setMessage(`Saved ${file.fileName}.`);
    } catch (e) {
      setError(`${describeError(errorCode(e))} ${e instanceof Error && errorCode(e) === 'WEAK_PASSWORD' ? e.message : ''}`.trim());
    } finally {
      setBusy(false);
    }
  }
  return { busy, message, error, run };
}

export function ExportSection() {
  return (
    <section aria-labelledby="export-heading">
      <h2 id="export-heading">Export</h2>
      <EncryptedExport />
      <PlainExport />
    </section>
  );
}

export function EncryptedExport() {
  const [master, setMaster] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const state = useExport();
  const mismatch = confirm !== '' && confirm !== password;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) return;
    void state.run(() => send('export/encrypted', { masterPassword: master, exportPassword: password })).then(() => (setMaster(''), setPassword(''), setConfirm('')));
  };
  return (
    <form onSubmit={submit} aria-labelledby="encrypted-export-heading">
      <h3 id="encrypted-export-heading">Encrypted export</h3>
      <p className="hint">Every item with its history, protected by a password of its own (Argon2id). Restores exactly.</p>
      <label htmlFor="enc-master">Master password (encrypted export)</label>
      <input id="enc-master" type="password" autoComplete="current-password" value={master} onChange={(e) => setMaster(e.target.value)} required />
      <label htmlFor="enc-password">Export password</label>
      <input id="enc-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      <label htmlFor="enc-confirm">Confirm export password</label>
      <input id="enc-confirm" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} required aria-describedby="enc-confirm-error" />
      <p id="enc-confirm-error" className="field-error">{mismatch ? 'The passwords do not match.' : ''}</p>
      <button type="submit" disabled={state.busy}>Download encrypted export</button>
      {state.busy && <ProgressBar label="Encrypting the export" />}
      {state.message && <p role="status">{state.message}</p>}
      {state.error && <p role="alert">{state.error}</p>}
    </form>
  );
}

function PlainExport() {
  const [master, setMaster] = useState('');
  const [format, setFormat] = useState<'json' | 'csv'>('json');
  const state = useExport();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void state.run(() => send('export/plain', { masterPassword: master, format })).then(() => setMaster(''));
  };
  return (
    <form onSubmit={submit} aria-labelledby="plain-export-heading">
      <h3 id="plain-export-heading">Unencrypted export</h3>
      <p className="warning" role="note">
        Warning: this file holds every password in readable text. Anyone who gets it can read your vault. Delete it as soon as you are done.
      </p>
      <label htmlFor="plain-format">File format</label>
      <select id="plain-format" value={format} onChange={(e) => setFormat(e.target.value === 'csv' ? 'csv' : 'json')}>
        <option value="json">JSON (all items)</option>
        <option value="csv">CSV (logins, for other password managers)</option>
      </select>
      <label htmlFor="plain-master">Master password (unencrypted export)</label>
      <input id="plain-master" type="password" autoComplete="current-password" value={master} onChange={(e) => setMaster(e.target.value)} required />
      <button type="submit" disabled={state.busy}>Download unencrypted export</button>
      {state.message && <p role="status">{state.message}</p>}
      {state.error && <p role="alert">{state.error}</p>}
    </form>
  );
}
