/**
 * The recovery kit and a restore from a fresh browser (issue 6; DESIGN.md §7), with the real built
 * extension, the real server over HTTPS and its SQLite database:
 * - A creates the vault, makes the recovery kit from the vault screen's prompt (the test reads the
 *   kit off the screen and retypes the two groups asked), adds items (a machine secret among them)
 *   and connects sync, which registers the kit; a fresh profile C restores with the kit and the
 *   server address, removes A (the default), confirms its new kit, and reads every item; A is told:
 *   its next sync is refused, it shows that the recovery kit removed it, and its vault is gone.
 * - A mistyped kit, a kit of a vault this server does not hold, and a kit replaced in Settings
 *   (Settings → Recovery kit → Make a new recovery kit) are each refused with a clear message, and
 *   the fresh browser still has no vault.
 * - A device kept through a recovery shows the "recovery kit was used" alert after its next sync,
 *   until dismissed.
 * Every new screen gets an axe check.
 */
import type { Locator, Page } from '@playwright/test';
import { randomBytes } from '../shared/crypto/random';
import { createRecoveryKit, kitToText } from '../shared/recovery/kit';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { expect, test } from './support/fixtures';
import { startSyncServer, type SyncServer } from './support/sync-server';
import { expectNoSeriousAxeViolations } from './support/axe';

const MASTER = 'orbit-lantern-Velvet-93-quarry';
const MASTER_C = 'harbor-Quill-71-meadow-saffron';

let server: SyncServer;
test.beforeAll(async () => {
  server = await startSyncServer();
});
test.afterAll(async () => {
  await server.close();
});

const opened: ExtensionBrowser[] = [];
test.afterEach(async () => {
  for (const ext of opened.splice(0)) await ext.close().catch(() => undefined);
});

async function launch(): Promise<ExtensionBrowser> {
  const ext = await launchWithExtension({ args: server.chromiumArgs });
  opened.push(ext);
  return ext;
}

async function createVault(page: Page) {
  await page.getByLabel('Master password', { exact: true }).fill(MASTER);
  await page.getByLabel('Confirm master password').fill(MASTER);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByRole('searchbox', { name: 'Search vault' })).toBeVisible({ timeout: 30_000 });
}

/** Reads the kit shown in `scope`, retypes the two groups it asks for, and confirms with `button`. */
async function readAndConfirmKit(scope: Locator | Page, button: string): Promise<string> {
  const text = await scope.getByRole('textbox', { name: 'Recovery kit' }).inputValue();
  expect(text).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){16}$/);
  const groups = text.split('-');
  const fields = scope.getByLabel(/^Group \d+ of your kit$/);
  await expect(fields).toHaveCount(2);
  for (const field of await fields.all()) {
    const id = await field.getAttribute('id');
    const label = await scope.locator(`label[for="${id ?? ''}"]`).innerText();
    const n = Number(/Group (\d+)/.exec(label)?.[1]);
    await field.fill((groups[n - 1] ?? '').toLowerCase());
  }
  await scope.getByRole('button', { name: button }).click();
  return text;
}

async function addNote(page: Page, name: string, notes: string) {
  await page.getByRole('button', { name: 'Add item' }).click();
  await page.getByLabel('Item type').selectOption('note');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Notes').fill(notes);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('option', { name: new RegExp(name) })).toBeVisible();
}

async function addApiKey(page: Page, name: string, key: string) {
  await page.getByRole('button', { name: 'Add item' }).click();
  await page.getByLabel('Item type').selectOption('api-key');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('API key', { exact: true }).fill(key);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('option', { name: new RegExp(name) })).toBeVisible();
}

async function connect(page: Page) {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Sync server URL').fill(server.url);
  await page.getByRole('button', { name: 'Create sync account' }).click();
  const sync = page.getByRole('region', { name: 'Sync' });
  await expect(sync.getByRole('status')).toContainText(/Synced at .* · 0 changes waiting/, { timeout: 30_000 });
}

/** A's vault: kit made from the vault screen's prompt, three items, connected; returns the kit. */
async function vaultWithKit(ext: ExtensionBrowser, axe = false): Promise<{ page: Page; kit: string }> {
  const page = await ext.openPopup();
  await createVault(page);
  const prompt = page.getByRole('region', { name: 'Save a recovery kit' });
  await expect(prompt).toBeVisible();
  await prompt.getByRole('button', { name: 'Make recovery kit' }).click();
  await expect(prompt.getByRole('heading', { name: 'Your recovery kit' })).toBeFocused();
  await expect(prompt.getByRole('img', { name: 'QR code of your recovery kit' })).toBeVisible();
  await expect(prompt.getByRole('link', { name: 'Download recovery kit (.txt)' })).toHaveAttribute('download', 'sealed-vault-recovery-kit.txt');
  if (axe) await expectNoSeriousAxeViolations(page);
  const kit = await readAndConfirmKit(prompt, 'Confirm recovery kit');
  await expect(page.getByRole('status').filter({ hasText: 'Recovery kit saved' })).toBeVisible({ timeout: 15_000 });
  await addNote(page, 'Bank PIN', 'four digits: 4711');
  await addApiKey(page, 'Deploy token', 'ghp_example_machine_secret_1234567890');
  await addNote(page, 'Wifi', 'guest password: sunflower');
  await connect(page);
  // The kit made before sync is registered by the first sync after connecting.
  await expect(async () => {
    await page.reload();
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByRole('region', { name: 'Recovery kit' })).toContainText('registered with your sync server', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  return { page, kit };
}

/** Rows left in this browser's local vault database (0 after the wipe). */
async function vaultRows(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('sealed-vault');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    let total = 0;
    for (const store of ['meta', 'items', 'merge-states', 'sync-state']) {
      total += await new Promise<number>((resolve, reject) => {
        const r = db.transaction(store).objectStore(store).count();
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    }
    db.close();
    return total;
  });
}

/** On a fresh browser: "Restore with a recovery kit", the kit and the server, "Check kit". */
async function checkKit(page: Page, kit: string) {
  await page.getByRole('textbox', { name: 'Recovery kit' }).fill(kit);
  await page.getByLabel('Sync server URL').fill(server.url);
  await page.getByRole('button', { name: 'Check kit' }).click();
}

async function restore(page: Page, kit: string, options: { keepFirst?: boolean; axe?: boolean; reopen?: ExtensionBrowser } = {}): Promise<{ page: Page; newKit: string }> {
  await page.getByRole('button', { name: 'Restore with a recovery kit' }).click();
  await expect(page.getByRole('heading', { name: 'Restore with a recovery kit' })).toBeFocused();
  if (options.axe === true) await expectNoSeriousAxeViolations(page);
  await checkKit(page, kit);
  await expect(page.getByRole('heading', { name: 'The kit fits this vault' })).toBeFocused({ timeout: 15_000 });
  const first = page.getByRole('checkbox', { name: /Keep device .* \(made the vault\)/ });
  await expect(first).not.toBeChecked();
  if (options.keepFirst === true) await first.check();
  if (options.axe === true) await expectNoSeriousAxeViolations(page);
  await page.getByLabel('Master password for this browser').fill(MASTER_C);
  await page.getByLabel('Confirm master password').fill(MASTER_C);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Your new recovery kit' })).toBeFocused({ timeout: 15_000 });
  if (options.axe === true) await expectNoSeriousAxeViolations(page);
  const newKit = await readAndConfirmKit(page, 'Confirm and restore');
  await expect(page.getByRole('heading', { name: 'Restoring your vault' })).toBeVisible();
  if (options.axe === true) await expectNoSeriousAxeViolations(page);
  if (options.reopen !== undefined) {
    // The popup closed mid-restore (it closes when the person clicks elsewhere): opened again, it
    // shows the restore's progress or the vault, never the create screen.
    await page.close();
    page = await options.reopen.openPopup();
    await expect(page.getByRole('heading', { name: 'Restoring your vault' }).or(page.getByRole('searchbox', { name: 'Search vault' }))).toBeVisible();
    await expect(page.getByRole('button', { name: 'Create vault' })).toHaveCount(0);
  }
  await expect(page.getByRole('searchbox', { name: 'Search vault' })).toBeVisible({ timeout: 60_000 });
  return { page, newKit };
}

test('a fresh browser restores the vault with the recovery kit, removes the old device and reads every item', async () => {
  test.setTimeout(300_000);
  const a = await launch();
  const { page: pageA, kit } = await vaultWithKit(a, true);
  await expectNoSeriousAxeViolations(pageA);

  const c = await launch();
  const { page: pageC, newKit } = await restore(await c.openPopup(), kit, { axe: true, reopen: c });
  expect(newKit).not.toBe(kit);
  for (const name of ['Bank PIN', 'Deploy token', 'Wifi']) await expect(pageC.getByRole('option', { name: new RegExp(name) })).toBeVisible({ timeout: 30_000 });
  await pageC.getByRole('option', { name: /Deploy token/ }).click();
  await pageC.getByRole('button', { name: 'Reveal API key' }).click();
  await expect(pageC.getByText('ghp_example_machine_secret_1234567890')).toBeVisible();
  await pageC.getByRole('button', { name: 'Back', exact: true }).click();
  await pageC.getByRole('option', { name: /Bank PIN/ }).click();
  await expect(pageC.getByText('four digits: 4711')).toBeVisible();
  await pageC.getByRole('button', { name: 'Back', exact: true }).click();
  // The restored browser holds the new kit, registered; its own sync runs clean.
  await pageC.getByRole('button', { name: 'Settings' }).click();
  await expect(pageC.getByRole('region', { name: 'Recovery kit' })).toContainText('registered with your sync server');
  await expect(pageC.getByRole('region', { name: 'Sync' }).getByRole('status')).toContainText(/Synced at .* · 0 changes waiting/, { timeout: 30_000 });
  await expectNoSeriousAxeViolations(pageC);

  // A was removed: its next sync is refused by the server; A proves its key at /v1/auth/removal,
  // finds its verified revocation signed by the recovery key, says so, and its vault is gone
  // (docs/decisions/009-revoked-device-told-and-wiped.md; the same checks as e2e/revoke.spec.ts).
  const revoked = server.db().prepare('SELECT COUNT(*) AS n FROM devices WHERE revoked = 1').get() as { n: number } | undefined;
  expect(revoked?.n).toBeGreaterThanOrEqual(1);
  const sync = pageA.getByRole('region', { name: 'Sync' });
  await sync.getByRole('button', { name: 'Sync now' }).click();
  await expect(async () => {
    await pageA.reload();
    await expect(pageA.getByRole('alert').filter({ hasText: 'This device was removed' })).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
  await expect(pageA.getByRole('alert')).toContainText(/This device was removed from the vault by the recovery kit \(restored on device [0-9A-Z]{4}(-[0-9A-Z]{4}){3}\) on \d{4}-\d\d-\d\d/);
  await expect(pageA.getByRole('button', { name: 'Create vault' })).toBeVisible();
  expect(await vaultRows(pageA)).toBe(0);
});

test('a mistyped kit, a kit of a vault this server does not hold and a replaced kit are refused, and nothing is stored', async () => {
  test.setTimeout(300_000);
  const a = await launch();
  const { page: pageA, kit: oldKit } = await vaultWithKit(a);
  // Settings → Recovery kit → a new kit replaces the old one (and rotates the user key).
  const section = pageA.getByRole('region', { name: 'Recovery kit' });
  await section.getByRole('button', { name: 'Make a new recovery kit' }).click();
  await expect(section.getByRole('heading', { name: 'Your new recovery kit' })).toBeFocused();
  await expectNoSeriousAxeViolations(pageA);
  const newKit = await readAndConfirmKit(section, 'Confirm recovery kit');
  await expect(section.getByRole('status')).toContainText('Any older kit no longer works', { timeout: 30_000 });
  expect(newKit).not.toBe(oldKit);

  const c = await launch();
  const page = await c.openPopup();
  await page.getByRole('button', { name: 'Restore with a recovery kit' }).click();
  const alert = page.getByRole('alert');
  const mistyped = (oldKit[0] === '0' ? '1' : '0') + oldKit.slice(1);
  await checkKit(page, mistyped);
  await expect(page.getByText(/a character is mistyped or missing/)).toBeVisible({ timeout: 15_000 });

  await checkKit(page, kitToText(createRecoveryKit(randomBytes(32))));
  await expect(alert).toContainText('This server holds no vault for this kit', { timeout: 15_000 });

  await checkKit(page, oldKit);
  await expect(alert).toContainText('it was replaced by a newer kit or revoked', { timeout: 15_000 });
  await expectNoSeriousAxeViolations(page);

  // Nothing was stored: the browser still has no vault, and the newest kit still checks out.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Create vault' })).toBeVisible();
  await page.getByRole('button', { name: 'Restore with a recovery kit' }).click();
  await checkKit(page, newKit);
  await expect(page.getByRole('heading', { name: 'The kit fits this vault' })).toBeVisible({ timeout: 15_000 });
});

test('a device kept through a recovery is alerted that the recovery kit was used, until it dismisses the alert', async () => {
  test.setTimeout(300_000);
  const a = await launch();
  const { page: pageA, kit } = await vaultWithKit(a);
  const c = await launch();
  await restore(await c.openPopup(), kit, { keepFirst: true });

  await pageA.getByRole('region', { name: 'Sync' }).getByRole('button', { name: 'Sync now' }).click();
  await pageA.getByRole('button', { name: 'Back', exact: true }).click();
  const alert = pageA.getByRole('alert').filter({ hasText: 'Your recovery kit was used' });
  await expect(async () => {
    await pageA.reload();
    await expect(alert).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(alert.getByRole('heading', { name: 'Your recovery kit was used' })).toBeFocused();
  await expect(alert).toContainText('If it was not you');
  await expectNoSeriousAxeViolations(pageA);
  // It stays on every open until dismissed.
  await pageA.reload();
  await expect(alert).toBeVisible();
  await alert.getByRole('button', { name: 'Dismiss alert' }).click();
  await expect(alert).toHaveCount(0);
  await pageA.reload();
  await expect(pageA.getByRole('searchbox', { name: 'Search vault' })).toBeVisible();
  await expect(alert).toHaveCount(0);
});
