/**
 * The security center from the real built extension against the real sync server over HTTPS
 * (issue 11): freezing sync keeps a change from the server until the person resumes; a tampered
 * batch is one security event and one notification, however many items it carries and however
 * often sync runs; "my server data" shows what the server holds, and "delete my account" leaves
 * no row of the account in the server's database, on SQLite and on PostgreSQL. axe on each screen.
 */
import type { Page } from '@playwright/test';
import { openDatabase } from '../server/db/open-database';
import { deviceBuckets } from '../server/db/account-inventory';
import { rowsMentioning } from '../server/testing/row-scan';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { expect, test } from './support/fixtures';
import { logRows, startSyncServer, type SyncServer } from './support/sync-server';
import { expectNoSeriousAxeViolations } from './support/axe';

const MASTER = 'orbit-lantern-Velvet-93-quarry';
const SECRETS = ['Harbour Credit Union', 'Tq8-harbour-Kw2-pass'];

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

async function launch(on: SyncServer = server): Promise<ExtensionBrowser> {
  const ext = await launchWithExtension({ args: on.chromiumArgs });
  opened.push(ext);
  return ext;
}

async function createVault(page: Page) {
  await page.getByLabel('Master password', { exact: true }).fill(MASTER);
  await page.getByLabel('Confirm master password').fill(MASTER);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByRole('searchbox', { name: 'Search vault' })).toBeVisible({ timeout: 30_000 });
}

async function addNote(page: Page, name: string, notes: string) {
  await page.getByRole('button', { name: 'Add item' }).click();
  await page.getByLabel('Item type').selectOption('note');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Notes').fill(notes);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('option', { name: new RegExp(name) })).toBeVisible();
}

/** Settings → Sync → create the account, then back to the vault. */
async function connect(page: Page, on: SyncServer = server) {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Sync server URL').fill(on.url);
  await page.getByRole('button', { name: 'Create sync account' }).click();
  const sync = page.getByRole('region', { name: 'Sync' });
  await expect(sync.getByRole('status')).toContainText(/Synced at .* · 0 changes waiting/, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Back', exact: true }).click();
}

function statusLine(page: Page) {
  return page.getByRole('status').filter({ hasText: /changes? waiting/ });
}

/** Batches on the server, over every collection. */
const batchCount = () => logRows(server).length;

test.describe.configure({ mode: 'serial' });

test('freeze sync keeps a change off the server until the person resumes; both are security events', async () => {
  test.setTimeout(180_000);
  const ext = await launch();
  const page = await ext.openPopup();
  await createVault(page);
  await addNote(page, 'Boiler code', '4471');
  await connect(page);
  await expect(statusLine(page)).toContainText(/Synced at .* · 0 changes waiting/, { timeout: 30_000 });

  await page.getByRole('button', { name: 'Security' }).click();
  await expect(page.getByRole('heading', { name: 'Security center' })).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: 'Sync is running.' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await page.getByRole('button', { name: 'Freeze sync' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Sync is paused since/ })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Security events' })).toContainText('You paused sync on this device.');
  await page.getByRole('button', { name: 'Back', exact: true }).click();

  const before = batchCount();
  await addNote(page, 'Alarm code', '9012');
  await expect(statusLine(page)).toContainText('Sync paused by you · 1 change waiting');
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('region', { name: 'Sync' }).getByRole('button', { name: 'Sync now' }).click();
  await page.waitForTimeout(3_000);
  expect(batchCount()).toBe(before);
  await page.getByRole('button', { name: 'Back', exact: true }).click();

  await page.getByRole('button', { name: 'Security' }).click();
  await page.getByRole('button', { name: 'Resume sync' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sync is running.' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Security events' })).toContainText('You resumed sync on this device.');
  await expectNoSeriousAxeViolations(page);
  await expect.poll(batchCount, { timeout: 30_000 }).toBe(before + 1);
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(statusLine(page)).toContainText(/Synced at .* · 0 changes waiting/, { timeout: 30_000 });
});

test('a tampered batch of four items is one security event and one notification; no secret in either', async () => {
  test.setTimeout(240_000);
  const ext = await launch();
  const page = await ext.openPopup();
  await createVault(page);
  await connect(page);
  // Count the notifications the worker shows from now on (the worker is not stopped in this test).
  await ext.worker.evaluate(() => {
    const shown: { title: string; message: string }[] = [];
    (globalThis as { __shown?: typeof shown }).__shown = shown;
    const notifications = chrome.notifications as unknown as { create: (id: string, options: { title: string; message: string }) => Promise<string> };
    const create = notifications.create.bind(notifications);
    notifications.create = (id, options) => {
      shown.push({ title: options.title, message: options.message });
      return create(id, options);
    };
  });

  // Four items made while sync is paused go out together in one batch when it resumes.
  await page.getByRole('button', { name: 'Security' }).click();
  await page.getByRole('button', { name: 'Freeze sync' }).click();
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  for (let i = 0; i < 4; i++) await addNote(page, `${SECRETS[0]} ${i}`, `${SECRETS[1]}-${i}`);
  // A malicious server: every batch stored from now on has one byte flipped.
  server
    .db()
    .exec(
      `CREATE TRIGGER flip_all AFTER INSERT ON collection_logs BEGIN
         UPDATE collection_logs
            SET batch = CAST(substr(batch, 1, length(batch) / 2 - 1)
                     || CASE WHEN substr(batch, length(batch) / 2, 1) = X'00' THEN X'01' ELSE X'00' END
                     || substr(batch, length(batch) / 2 + 1) AS BLOB)
          WHERE collection_id = NEW.collection_id AND seq = NEW.seq;
       END;`,
    );
  try {
    const before = logRows(server).length;
    await page.getByRole('button', { name: 'Security' }).click();
    await page.getByRole('button', { name: 'Resume sync' }).click();
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    const banner = page.getByRole('region', { name: /Sync stopped/ });
    await expect(banner).toBeVisible({ timeout: 30_000 });
    // More syncs while frozen: the popup opening again, and Sync now.
    await page.reload();
    await expect(banner).toBeVisible({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('region', { name: 'Sync' }).getByRole('button', { name: 'Sync now' }).click();
    await page.getByRole('button', { name: 'Back', exact: true }).click();

    // One batch carried the four items.
    expect(logRows(server).length).toBe(before + 1);
    await page.getByRole('button', { name: 'Security' }).click();
    const events = page.getByRole('list', { name: 'Security events' }).getByRole('listitem');
    await expect(events.filter({ hasText: 'Sync stopped' })).toHaveCount(1);
    await expect(events).toHaveCount(3); // resumed, paused, and the freeze
    const stopped = events.filter({ hasText: 'Sync stopped' });
    await expect(stopped).toContainText(/Sync stopped \((BAD_SIGNATURE|FORK|BAD_ENCODING)\)/);
    await expect(stopped).toContainText('What to do:');
    await expectNoSeriousAxeViolations(page);
    const shown = await ext.worker.evaluate(() => (globalThis as { __shown?: { title: string; message: string }[] }).__shown ?? []);
    expect(shown).toEqual([{ title: 'Sealed Vault: 1 security event', message: 'Sync stopped after a failed check. Open the security center to review.' }]);
    const text = JSON.stringify(shown) + (await page.getByRole('main').innerText());
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  } finally {
    server.db().exec('DROP TRIGGER IF EXISTS flip_all;');
  }
});

test('"I lost a device" on a vault without sync says to connect first, and opens Settings → Devices', async () => {
  const ext = await launch();
  const page = await ext.openPopup();
  await createVault(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Open the security center' }).click();
  await page.getByRole('button', { name: 'I lost a device' }).click();
  const group = page.getByRole('group', { name: 'I lost a device' });
  await expect(group.getByRole('alert')).toContainText('Connect this vault to a sync server first');
  await expectNoSeriousAxeViolations(page);
  await group.getByRole('button', { name: 'Open Settings → Devices' }).click();
  await expect(page.getByRole('heading', { name: 'Devices', exact: true })).toBeFocused();
});

test('rotate all keys: a new user-key generation and collection epoch on the server, with progress and events', async () => {
  test.setTimeout(180_000);
  const ext = await launch();
  const page = await ext.openPopup();
  await createVault(page);
  await addNote(page, 'Locker combination', '12-34-56');
  await connect(page);
  const chainLengths = () => ({
    identity: (server.db().prepare('SELECT COUNT(*) AS n FROM identity_chain_entries').get() as { n: number }).n,
    collection: (server.db().prepare('SELECT COUNT(*) AS n FROM collection_chain_entries').get() as { n: number }).n,
  });
  const before = chainLengths();

  await page.getByRole('button', { name: 'Security' }).click();
  await page.getByRole('button', { name: 'Rotate all keys' }).click();
  await expect(page.getByRole('group', { name: /Rotate all keys\?/ })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await page.getByRole('button', { name: 'Rotate now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'All keys rotated. 1 item was re-encrypted' })).toBeVisible({ timeout: 60_000 });
  expect(chainLengths()).toEqual({ identity: before.identity + 1, collection: before.collection + 1 });
  await expectNoSeriousAxeViolations(page);

  // The next sync sees the new chain entries: two events, by this device, not notified.
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(statusLine(page)).toContainText(/Synced at .* · 0 changes waiting/, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Security' }).click();
  const events = page.getByRole('list', { name: 'Security events' });
  await expect(events).toContainText('Your user key was rotated (generation 1).');
  await expect(events).toContainText('A collection key was rotated (epoch 1).');
});

/** What "my server data" shows, then delete the account; no row of it is left in the database. */
async function deleteAccountOn(on: SyncServer, erase: boolean) {
  const ext = await launch(on);
  const page = await ext.openPopup();
  await createVault(page);
  await addNote(page, 'Garage door', '5521');
  await connect(page, on);
  await expect(statusLine(page)).toContainText(/Synced at .* · 0 changes waiting/, { timeout: 30_000 });

  const database = openDatabase(on.database, () => undefined);
  try {
    const accounts = (await database.db.selectFrom('accounts').select('id').execute()).map((row) => new Uint8Array(row.id));
    const devices = (await database.db.selectFrom('devices').select('device_id').execute()).map((row) => new Uint8Array(row.device_id));
    const collections = (await database.db.selectFrom('collection_heads').select('collection_id').execute()).map((row) => new Uint8Array(row.collection_id));
    expect(accounts).toHaveLength(1);
    expect(collections).toHaveLength(1);

    await page.getByRole('button', { name: 'Security' }).click();
    await page.getByRole('button', { name: 'My server data' }).click();
    await expect(page.getByRole('heading', { name: 'My server data' })).toBeFocused();
    await expect(page.getByRole('region', { name: 'Devices (1)' })).toContainText('trusted');
    await expect(page.getByRole('region', { name: 'Collections (1)' })).toContainText('owner');
    await expect(page.getByRole('region', { name: 'Never on the server' })).toContainText('master password');
    await expect(page.getByRole('main')).not.toContainText('Garage door');
    await expectNoSeriousAxeViolations(page);

    // A wrong confirmation and a wrong password delete nothing.
    await page.getByLabel('Type DELETE MY ACCOUNT to confirm').fill('delete');
    await page.getByLabel('Master password').fill(MASTER);
    await page.getByRole('button', { name: 'Delete my account from the server' }).click();
    await expect(page.getByText('Type DELETE MY ACCOUNT exactly.')).toBeVisible();
    await page.getByLabel('Type DELETE MY ACCOUNT to confirm').fill('DELETE MY ACCOUNT');
    await page.getByLabel('Master password').fill('not-the-password');
    await page.getByRole('button', { name: 'Delete my account from the server' }).click();
    await expect(page.getByRole('alert')).toContainText('That master password is not right');
    expect(await database.db.selectFrom('accounts').select('id').execute()).toHaveLength(1);

    await page.getByLabel('Master password').fill(MASTER);
    await page.getByRole('button', { name: 'Delete my account from the server' }).click();
    await expect(page.getByRole('heading', { name: 'Your account was deleted from the server' })).toBeFocused({ timeout: 30_000 });
    await expectNoSeriousAxeViolations(page);

    const buckets = [...deviceBuckets(accounts[0] as Uint8Array, devices).keys()];
    expect(await rowsMentioning(database, { bytes: [...accounts, ...devices, ...collections], text: buckets })).toEqual([]);

    if (erase) {
      await page.getByRole('button', { name: 'Erase this browser’s vault' }).click();
      await expect(page.getByRole('button', { name: 'Create vault' })).toBeVisible({ timeout: 30_000 });
    } else {
      await page.getByRole('button', { name: 'Keep this browser’s vault' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Your account is deleted from the server' })).toBeVisible();
      await page.getByRole('button', { name: 'Back', exact: true }).click();
      await page.getByRole('button', { name: 'Back', exact: true }).click();
      await expect(page.getByRole('option', { name: /Garage door/ })).toBeVisible();
      await page.getByRole('button', { name: 'Settings' }).click();
      await expect(page.getByRole('button', { name: 'Create sync account' })).toBeVisible();
    }
  } finally {
    await database.close();
  }
}

test('"delete my account" on SQLite leaves no row of the account; the local vault is kept', async () => {
  test.setTimeout(180_000);
  const fresh = await startSyncServer();
  try {
    await deleteAccountOn(fresh, false);
  } finally {
    await fresh.close();
  }
});

test('"delete my account" on PostgreSQL leaves no row of the account; the local vault is erased', async () => {
  test.setTimeout(240_000);
  const specifier = new URL('../scripts/postgres.mjs', import.meta.url).href;
  const { startPostgres } = (await import(specifier)) as { startPostgres(): { url?: string; stop?: () => void; error?: string } };
  const postgres = startPostgres();
  if (postgres.url === undefined || postgres.stop === undefined) throw new Error(`PostgreSQL did not start: ${postgres.error ?? 'unknown'}`);
  try {
    const fresh = await startSyncServer({ databaseUrl: postgres.url });
    try {
      await deleteAccountOn(fresh, true);
    } finally {
      await fresh.close();
    }
  } finally {
    postgres.stop();
  }
});
