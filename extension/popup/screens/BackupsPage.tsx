/**
 * The backups page (an extension tab, opened from Settings → Backups; a file picker or a long
 * Argon2id would close or outlive the popup): download a backup, scheduled backups, and restore
 * to a point in time from a kept backup or a file. docs/backups.md.
 */
import { useEffect, useState } from 'react';
import type { Res } from '../../../shared/protocol/messages';
import { BackupDownload } from '../components/BackupDownload';
import { BackupRestore } from '../components/BackupRestore';
import { BackupSchedule } from '../components/BackupSchedule';
import { describeError, errorCode } from '../error-messages';
import { send } from '../messaging';

export function BackupsPage() {
  const [status, setStatus] = useState<Res<'backup/status'> | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    send('backup/status', {}).then(setStatus, (thrown: unknown) =>
      setProblem(errorCode(thrown) === 'LOCKED' ? 'Unlock your vault from the toolbar button first, then reload this page.' : describeError(errorCode(thrown))),
    );
  }, []);
  return (
    <main className="screen page-main">
      <h1>Backups</h1>
      {problem === null ? null : <p role="alert">{problem}</p>}
      {status === null ? (
        problem === null ? <p className="muted">Loading…</p> : null
      ) : (
        <>
          <BackupDownload />
          <BackupSchedule status={status} onChanged={setStatus} />
          <BackupRestore key={status.stored.map((b) => b.id).join()} status={status} />
        </>
      )}
    </main>
  );
}
