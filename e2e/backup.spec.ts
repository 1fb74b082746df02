/**
 * Backups (issue 11, docs/backups.md) in the real extension: Settings → Backups opens the backups
 * page; "Download backup" (master password, backup password twice) saves an encrypted file; the
 * items are then deleted for good; restoring from that file refuses a wrong password and a
 * truncated file with nothing changed, previews what comes back, and brings every item back.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { expectNoSeriousAxeViolations } from './support/axe';

const MASTER = 'orbit-lantern-Velvet-93-quarry';
const BACKUP = 'backup-Password-kept-on-paper-4';

type Reply = { ok: true; res: Record<string, unknown> } | { ok: false; error: { code: string } };
async function sendFrom(page: Page, name: string, req: unknown): Promise<Reply> {
  return page.evaluate(async ([n, r]) => (await chrome.runtime.sendMessage({ name: n, req: r })) as Reply, [name, req] as const);
}

test('download a backup, delete the items, restore from the file: every item is back', async ({ ext }) => {
  test.setTimeout(150_000);
  const popup = await ext.openPopup();
  await popup.getByLabel('Master password', { exact: true }).fill(MASTER);
  await popup.getByLabel('Confirm master password').fill(MASTER);
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await expect(popup.getByRole('searchbox', { name: 'Search vault' })).toBeVisible({ timeout: 30_000 });
  const names = ['Bank', 'Mail', 'Router admin'];
  const ids: string[] = [];
  for (const name of names) {
    const saved = await sendFrom(popup, 'items/save', { draft: { type: 'login', name, username: 'me', password: `${name}-pw-Secret-1`, urls: [] } });
    if (!saved.ok) throw new Error('save failed');
    ids.push(saved.res.id as string);
  }

  await popup.getByRole('button', { name: 'Settings' }).click();
  const opened = ext.context.waitForEvent('page');
  await popup.getByRole('button', { name: 'Open backups' }).click();
  const page = await opened;
  await expect(page).toHaveURL(/extension\/popup\/backups\.html$/);
  await expect(page.getByRole('heading', { name: 'Backups', level: 1 })).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  const download = page.getByRole('form', { name: 'Download a backup' });
  await download.getByLabel('Master password').fill(MASTER);
  await download.getByLabel('Backup password', { exact: true }).fill(BACKUP);
  await download.getByLabel('Backup password again').fill(BACKUP);
  const saving = page.waitForEvent('download');
  await download.getByRole('button', { name: 'Download backup' }).click();
  const file = await saving;
  expect(file.suggestedFilename()).toMatch(/^sealed-vault-backup-\d{4}-\d\d-\d\d\.svbackup$/);
  const path = test.info().outputPath('backup.svbackup');
  await file.saveAs(path);
  await expect(download.getByRole('status')).toContainText('Backup saved as');

  // The accident: every item deleted for good (trash, then delete).
  for (const id of ids) {
    expect((await sendFrom(page, 'items/trash', { id })).ok).toBe(true);
    expect((await sendFrom(page, 'items/delete', { id })).ok).toBe(true);
  }
  expect(await sendFrom(page, 'items/search', { query: '', scope: 'all' })).toMatchObject({ ok: true, res: { total: 0 } });

  const restore = page.getByRole('region', { name: 'Restore to a point in time' });
  await restore.getByRole('radio', { name: 'A backup file' }).check();
  const bytes = await readFile(path);
  await restore.getByLabel('Backup file', { exact: true }).setInputFiles({ name: 'backup.svbackup', mimeType: 'application/octet-stream', buffer: bytes.subarray(0, bytes.length - 40) });
  await restore.getByLabel('Password of this backup').fill(BACKUP);
  await restore.getByRole('button', { name: 'Preview restore' }).click();
  await expect(restore.getByRole('alert')).toHaveText('This file is not a Sealed Vault backup, or it is damaged or truncated. Nothing was changed.');

  await restore.getByLabel('Backup file', { exact: true }).setInputFiles(path);
  await restore.getByLabel('Password of this backup').fill('not-the-backup-password');
  await restore.getByRole('button', { name: 'Preview restore' }).click();
  await expect(restore.getByRole('alert')).toHaveText('That backup password does not open this backup. Nothing was changed.', { timeout: 30_000 });
  expect(await sendFrom(page, 'items/search', { query: '', scope: 'all' })).toMatchObject({ ok: true, res: { total: 0 } });

  await restore.getByLabel('Password of this backup').fill(BACKUP);
  await restore.getByRole('button', { name: 'Preview restore' }).click();
  const changes = restore.getByRole('list', { name: 'What the restore changes' });
  await expect(changes).toContainText('3 items brought back', { timeout: 30_000 });
  await expect(changes).toContainText('0 items rolled back');
  await expect(restore.getByText('Brought back:')).toContainText('Bank');
  await expectNoSeriousAxeViolations(page);
  await restore.getByRole('button', { name: 'Restore 3 items' }).click();
  await expect(restore.getByRole('status')).toHaveText('3 items restored. They sync to your other devices as a normal change.');

  await popup.reload();
  for (const name of names) await expect(popup.getByText(name, { exact: true })).toBeVisible();
  const got = await sendFrom(page, 'items/get', { id: ids[0] });
  expect(got).toMatchObject({ ok: true, res: { item: { name: 'Bank', password: 'Bank-pw-Secret-1' } } });
});

test('a daily schedule keeps a backup in this browser; restoring from it after a delete brings the items back', async ({ ext }) => {
  test.setTimeout(150_000);
  const popup = await ext.openPopup();
  await popup.getByLabel('Master password', { exact: true }).fill(MASTER);
  await popup.getByLabel('Confirm master password').fill(MASTER);
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await expect(popup.getByRole('searchbox', { name: 'Search vault' })).toBeVisible({ timeout: 30_000 });
  const saved = await sendFrom(popup, 'items/save', { draft: { type: 'note', name: 'Recovery codes', notes: 'one two three' } });
  if (!saved.ok) throw new Error('save failed');
  const id = saved.res.id as string;

  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/extension/popup/backups.html`);
  const schedule = page.getByRole('form', { name: 'Scheduled backups' });
  await schedule.getByLabel('Make a backup').selectOption('daily');
  await schedule.getByLabel('Backups to keep').fill('3');
  await schedule.getByLabel('Master password').fill(MASTER);
  await schedule.getByLabel('Backup password').fill(BACKUP);
  await schedule.getByRole('button', { name: 'Save schedule' }).click();
  await expect(schedule.getByRole('status')).toHaveText('A backup is made daily while the vault is unlocked; the newest 3 are kept.', { timeout: 30_000 });
  const restore = page.getByRole('region', { name: 'Restore to a point in time' });
  const kept = restore.getByRole('radio', { name: /^Kept backup of .* \(1 item\)$/ });
  await expect(kept).toBeChecked();
  await expect(restore.getByRole('button', { name: /^Download the backup of / })).toBeVisible();

  expect((await sendFrom(page, 'items/trash', { id })).ok).toBe(true);
  expect((await sendFrom(page, 'items/delete', { id })).ok).toBe(true);
  await restore.getByLabel('Password of this backup').fill(BACKUP);
  await restore.getByRole('button', { name: 'Preview restore' }).click();
  await expect(restore.getByRole('list', { name: 'What the restore changes' })).toContainText('1 item brought back', { timeout: 30_000 });
  await restore.getByRole('button', { name: 'Restore 1 item' }).click();
  await expect(restore.getByRole('status')).toContainText('1 item restored');
  expect(await sendFrom(page, 'items/get', { id })).toMatchObject({ ok: true, res: { item: { name: 'Recovery codes', notes: 'one two three' } } });
});
