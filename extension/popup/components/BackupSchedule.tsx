/**
 * Backups → scheduled backups: off, daily or weekly, how many to keep, and (to turn it on) the
 * master password and the backup password those files will need. Says where they live: in this
 * browser profile only, downloadable from the list below (docs/backups.md).
 */
import { useState, type FormEvent } from 'react';
import type { Res } from '../../../shared/protocol/messages';
import { describeError, errorCode } from '../error-messages';
import { send } from '../messaging';
import { ProgressBar } from './ProgressBar';
import { TextField } from './TextField';

type Status = Res<'backup/status'>;

export function BackupSchedule({ status, onChanged }: { status: Status; onChanged: (status: Status) => void }) {
  const [every, setEvery] = useState<'off' | 'daily' | 'weekly'>(status.schedule?.every ?? 'off');
  const [keep, setKeep] = useState(String(status.schedule?.keep ?? 7));
  const [master, setMaster] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setDone(null);
    const n = Number(keep);
    if (every !== 'off' && (!Number.isInteger(n) || n < 1 || n > 30)) return setProblem('Keep a whole number of backups from 1 to 30.');
    if (every !== 'off' && (master === '' || password === '')) return setProblem('Enter your master password and the backup password these backups will need.');
    setBusy(true);
    try {
      const next = await send('backup/schedule-set', every === 'off' ? { every } : { every, keep: n, masterPassword: master, backupPassword: password });
      setMaster('');
      setPassword('');
      onChanged(next);
      setDone(every === 'off' ? 'Scheduled backups are off. Backups already kept stay below.' : `A backup is made ${every} while the vault is unlocked; the newest ${n} are kept.`);
    } catch (thrown) {
      setProblem(describeError(errorCode(thrown)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="backup-schedule-title">
      <h2 id="backup-schedule-title">Scheduled backups</h2>
      <p className="muted small">
        Kept in this browser profile only, each encrypted with the backup password, and downloadable below. They survive a delete that syncs; they do not survive losing this
        browser: download one now and then.
      </p>
      <label htmlFor="backup-every">Make a backup</label>
      <select id="backup-every" value={every} onChange={(e) => setEvery(e.target.value as typeof every)}>
        <option value="off">Never</option>
        <option value="daily">Every day</option>
        <option value="weekly">Every week</option>
      </select>
      {every === 'off' ? null : (
        <>
          <TextField label="Backups to keep" type="number" min={1} max={30} value={keep} onChange={setKeep} />
          <TextField label="Master password" type="password" value={master} onChange={setMaster} autoComplete="current-password" />
          <TextField label="Backup password" type="password" value={password} onChange={setPassword} autoComplete="new-password" />
        </>
      )}
      {busy ? <ProgressBar label="Preparing the backup key" /> : null}
      {problem === null ? null : (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
      {done === null ? null : <p role="status">{done}</p>}
      <button type="submit" disabled={busy}>
        Save schedule
      </button>
    </form>
  );
}
