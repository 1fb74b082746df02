/**
 * Backup messages (extension pages only; docs/backups.md): a backup file now, the schedule, the
 * stored backups and their files, a restore's preview and commit, and progress. Files travel as
 * base64 in one runtime message, as import and export do.
 */
import { base64Decode, base64Encode } from '../../../shared/vault/base64';
import type { BackupService } from '../backup/backup-service';
import type { Handlers } from '../router';

type BackupHandlers = Pick<
  Handlers,
  'backup/download' | 'backup/status' | 'backup/schedule-set' | 'backup/stored-file' | 'backup/restore-preview' | 'backup/restore-commit' | 'backup/progress'
>;

const MIME = 'application/octet-stream';

export function backupHandlers(backups: BackupService): BackupHandlers {
  return {
    'backup/download': async ({ masterPassword, backupPassword }) => {
      const file = await backups.download(masterPassword, backupPassword);
      return { fileName: file.fileName, mimeType: MIME, data: base64Encode(file.bytes) };
    },
    'backup/status': () => backups.status(),
    'backup/schedule-set': async (req) => {
      await backups.setSchedule({
        every: req.every,
        ...(req.keep === undefined ? {} : { keep: req.keep }),
        ...(req.masterPassword === undefined ? {} : { masterPassword: req.masterPassword }),
        ...(req.backupPassword === undefined ? {} : { backupPassword: req.backupPassword }),
      });
      // The first scheduled backup is made now, so the list shows it at once.
      if (req.every !== 'off') await backups.runScheduled();
      return backups.status();
    },
    'backup/stored-file': async ({ id }) => {
      const file = await backups.storedFile(id);
      return { fileName: file.fileName, mimeType: MIME, data: base64Encode(file.bytes) };
    },
    'backup/restore-preview': ({ source, backupPassword }) =>
      backups.preview('stored' in source ? { stored: source.stored } : { data: base64Decode(source.data) }, backupPassword),
    'backup/restore-commit': () => backups.commit(),
    'backup/progress': async () => backups.progress(),
  };
}
