/**
 * Backups → restore to a point in time: a kept backup or a backup file, its password, then a
 * preview of what changes (items brought back, items rolled back, items left as they are, items
 * made since that stay) before anything is written. The restore is ordinary edits: it syncs to
 * every device as one normal change; nothing is deleted. docs/backups.md.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { Res } from '../../../shared/protocol/messages';
import { describeError, errorCode } from '../error-messages';
import { downloadBase64, fileToBase64 } from '../files';
import { send } from '../messaging';
import { ProgressBar } from './ProgressBar';
import { TextField } from './TextField';

type Status = Res<'backup/status'>;
type Preview = Res<'backup/restore-preview'>;

const RESTORE_ERRORS: Record<string, string> = {
  WRONG_PASSWORD: 'That backup password does not open this backup. Nothing was changed.',
  BAD_ENCODING: 'This file is not a Sealed Vault backup, or it is damaged or truncated. Nothing was changed.',
  DECRYPT_FAILED: 'This backup was modified or damaged after it was made. Nothing was changed.',
  UNKNOWN_VERSION: 'This backup was made by a newer or unknown version of Sealed Vault. Nothing was changed.',
  KDF_TOO_WEAK: 'This backup’s key settings are weaker than this app accepts. Nothing was changed.',
  NOT_FOUND: 'Preview the restore again: the preview expired or the backup is gone.',
};

const when = (ms: number) => new Date(ms).toLocaleString();
const items = (n: number) => `${n} ${n === 1 ? 'item' : 'items'}`;
const PHASES: Record<string, string> = { deriving: 'Opening the backup (deriving its key)', planning: 'Comparing with your vault', writing: 'Restoring items' };

function useProgress(active: boolean): Res<'backup/progress'> | null {
  const [progress, setProgress] = useState<Res<'backup/progress'> | null>(null);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => void send('backup/progress', {}).then(setProgress, () => undefined), 250);
    return () => clearInterval(timer);
  }, [active]);
  return active ? progress : null;
}

export function BackupRestore({ status }: { status: Status }) {
  const [source, setSource] = useState<string>(status.stored[0]?.id ?? 'file');
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const progress = useProgress(busy);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      await work();
    } catch (thrown) {
      const code = errorCode(thrown);
      setProblem(RESTORE_ERRORS[code] ?? describeError(code));
    } finally {
      setBusy(false);
    }
  };

  const previewRestore = (event: FormEvent) => {
    event.preventDefault();
    setPreview(null);
    if (source === 'file' && file === null) return setProblem('Choose a backup file.');
    if (password === '') return setProblem('Enter the backup password.');
    void run(async () => {
      const from = source === 'file' && file !== null ? { data: await fileToBase64(file) } : { stored: source };
      setPreview(await send('backup/restore-preview', { source: from, backupPassword: password }));
      setPassword('');
    });
  };

  const commit = () =>
    void run(async () => {
      const { restored } = await send('backup/restore-commit', {});
      setPreview(null);
      setDone(`${items(restored)} restored. They sync to your other devices as a normal change.`);
    });

  const total = preview === null ? 0 : preview.reAdded + preview.rolledBack;
  return (
    <section className="stack" aria-labelledby="backup-restore-title">
      <h2 id="backup-restore-title">Restore to a point in time</h2>
      <form className="stack" onSubmit={previewRestore} noValidate aria-label="Choose a backup">
        <fieldset>
          <legend>Backup to restore from</legend>
          {status.stored.map((b) => (
            <div key={b.id} className="row">
              <label className="check">
                <input type="radio" name="backup-source" value={b.id} checked={source === b.id} onChange={() => setSource(b.id)} /> {`Kept backup of ${when(b.createdAt)} (${items(b.count)})`}
              </label>
              <button
                type="button"
                aria-label={`Download the backup of ${when(b.createdAt)}`}
                onClick={() => void send('backup/stored-file', { id: b.id }).then((f) => downloadBase64(f.fileName, f.mimeType, f.data), (t: unknown) => setProblem(describeError(errorCode(t))))}
              >
                Download
              </button>
            </div>
          ))}
          <label className="check">
            <input type="radio" name="backup-source" value="file" checked={source === 'file'} onChange={() => setSource('file')} /> A backup file
          </label>
        </fieldset>
        {source === 'file' ? (
          <>
            <label htmlFor="backup-file">Backup file</label>
            <input id="backup-file" type="file" accept=".svbackup,application/octet-stream" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </>
        ) : null}
        <TextField label="Password of this backup" type="password" value={password} onChange={setPassword} autoComplete="off" />
        <button type="submit" disabled={busy}>
          Preview restore
        </button>
      </form>
      {busy ? <ProgressBar label={PHASES[progress?.phase ?? 'deriving'] ?? 'Working'} /> : null}
      {preview === null ? null : (
        <section className="stack" aria-labelledby="restore-preview-title">
          <h3 id="restore-preview-title">{`Backup of ${when(preview.createdAt)}`}</h3>
          {preview.sameVault ? null : <p>This backup was made from another vault: its items are added to this one.</p>}
          <ul aria-label="What the restore changes">
            <li>{`${items(preview.reAdded)} brought back`}</li>
            <li>{`${items(preview.rolledBack)} rolled back to how they were`}</li>
            <li>{`${items(preview.unchanged)} already as they were`}</li>
            <li>{`${items(preview.kept)} made since the backup stay as they are`}</li>
          </ul>
          {preview.reAddedNames.length > 0 ? <p className="small">Brought back: {preview.reAddedNames.join(', ')}</p> : null}
          {preview.rolledBackNames.length > 0 ? <p className="small">Rolled back: {preview.rolledBackNames.join(', ')}</p> : null}
          <p className="muted small">Values replaced by the restore go to each item’s history. Nothing is deleted.</p>
          <button type="button" className="primary" disabled={busy || total === 0} onClick={commit}>
            {total === 0 ? 'Nothing to restore' : `Restore ${items(total)}`}
          </button>
        </section>
      )}
      {problem === null ? null : (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
      {done === null ? null : <p role="status">{done}</p>}
    </section>
  );
}
