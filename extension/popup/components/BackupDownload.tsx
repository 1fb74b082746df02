/**
 * Backups → "Download backup": the master password again (a backup is every secret), then a backup
 * password typed twice (Argon2id protects the file). docs/backups.md.
 */
import { useState, type FormEvent } from 'react';
import { describeError, errorCode } from '../error-messages';
import { downloadBase64 } from '../files';
import { send } from '../messaging';
import { ProgressBar } from './ProgressBar';
import { TextField } from './TextField';

export function BackupDownload() {
  const [master, setMaster] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setDone(null);
    if (master === '' || password === '') return setProblem('Enter your master password and a backup password.');
    if (password !== again) return setProblem('The two backup passwords are not the same.');
    setBusy(true);
    try {
      const file = await send('backup/download', { masterPassword: master, backupPassword: password });
      downloadBase64(file.fileName, file.mimeType, file.data);
      setDone(`Backup saved as ${file.fileName}. Keep the backup password: without it the file cannot be opened.`);
      setMaster('');
      setPassword('');
      setAgain('');
    } catch (thrown) {
      setProblem(describeError(errorCode(thrown)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="backup-download-title">
      <h2 id="backup-download-title">Download a backup</h2>
      <p className="muted small">An encrypted file of every item, trash and history included. Sync is not backup: a delete on one device reaches all of them, a backup does not change.</p>
      <TextField label="Master password" type="password" value={master} onChange={setMaster} autoComplete="current-password" />
      <TextField label="Backup password" type="password" value={password} onChange={setPassword} autoComplete="new-password" />
      <TextField label="Backup password again" type="password" value={again} onChange={setAgain} autoComplete="new-password" />
      {busy ? <ProgressBar label="Encrypting the backup" /> : null}
      {problem === null ? null : (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
      {done === null ? null : <p role="status">{done}</p>}
      <button type="submit" className="primary" disabled={busy}>
        Download backup
      </button>
    </form>
  );
}
