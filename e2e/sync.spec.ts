/**
 * Sync from the real built extension to a real server over HTTPS on a real SQLite database
 * (issue: wire sync into the extension). A person connects the vault in Settings → Sync, adds and
 * edits items, and sees "Synced" with nothing waiting and the state code; the server's database
 * holds the batches. The service worker is stopped in the middle of syncs and every change still
 * reaches the server exactly once. A server that tampers with a stored batch freezes the
 * collection: the blocking banner explains it, the vault stays readable, and re-pinning needs a
 * confirmation.
 */
import type { Page } from '@playwright/test';
import { decodeBatch } from '../shared/sync/batch';
import { launchWithExtension, stopServiceWorker, type ExtensionBrowser } from './support/browser';
import { expect, test } from './support/fixtures';
import { dumpExtensionStorage } from './support/storage-dump';
import { logRows, startSyncServer, type SyncServer } from './support/sync-server';
import { expectNoSeriousAxeViolations } from './support/axe';

const MASTER = 'orbit-lantern-Velvet-93-quarry';

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

async function addNote(page: Page, name: string, notes: string) {
  await page.getByRole('button', { name: 'Add item' }).click();
  await page.getByLabel('Item type').selectOption('note');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Notes').fill(notes);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('option', { name: new RegExp(name) })).toBeVisible();
}

async function connect(page: Page) {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Sync server URL').fill(server.url);
  await page.getByRole('button', { name: 'Create sync account' }).click();
  const sync = page.getByRole('region', { name: 'Sync' });
  await expect(sync.getByText(`Syncs with ${server.url}`)).toBeVisible({ timeout: 30_000 });
  await expect(sync.getByRole('status')).toContainText(/Synced at .* · 0 changes waiting/, { timeout: 30_000 });
}

/** The vault screen's status line. */
function statusLine(page: Page) {
  return page.getByRole('status').filter({ hasText: /changes? waiting/ });
}

/** Local deltas not yet batched, and outbox batches not yet confirmed, as stored right now. */
async function unfinishedWork(page: Page): Promise<{ pending: number; outbox: number }> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('sealed-vault');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const all = <T,>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => resolve(r.result as T[]);
        r.onerror = () => reject(r.error);
      });
    const states = await all<{ pending?: unknown }>('merge-states');
    const sync = await all<{ outbox: unknown[] }>('sync-state');
    db.close();
    return { pending: states.filter((s) => s.pending !== undefined).length, outbox: sync.reduce((n, s) => n + s.outbox.length, 0) };
  });
}

interface ServerRecord {
  item: string;
  wall: number;
  counter: number;
}

/** What the server stored for the collections not in `except` (the current test's vault). */
function serverRecords(except: ReadonlySet<string> = new Set()): { collections: Set<string>; counters: number[]; seqs: number[]; records: ServerRecord[] } {
  const rows = logRows(server).filter((row) => !except.has(row.collection));
  const records = rows.flatMap((row) =>
    decodeBatch(new Uint8Array(row.batch)).fields.records.map((r) => ({ item: Buffer.from(r.item).toString('hex'), wall: r.hlc.wall, counter: r.hlc.counter })),
  );
  return { collections: new Set(rows.map((row) => row.collection)), counters: rows.map((row) => row.counter), seqs: rows.map((row) => row.seq), records };
}

test.describe.configure({ mode: 'serial' });

test('connects to the server, syncs added items, shows Synced with 0 waiting and the state code; the server holds the batches', async () => {
  test.setTimeout(120_000);
  const ext = await launch();
  const page = await ext.openPopup();
  await createVault(page);
  await addNote(page, 'Garden gate code', 'Gate 4471');
  await addNote(page, 'Wifi at the cabin', 'cabin-net / larch-Moss-22');

  await connect(page);
  await expectNoSeriousAxeViolations(page);
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(statusLine(page)).toContainText(/Synced at .* · 0 changes waiting · state code [A-Z0-9]{4}-[A-Z0-9]{4}/);
  await expectNoSeriousAxeViolations(page);

  const { counters, records } = serverRecords();
  expect(counters).toEqual(counters.map((_, i) => i + 1));
  expect(new Set(records.map((r) => r.item)).size).toBe(2);
  // Neither the server nor the extension's storage (merge states, outbox, sync state) holds plaintext.
  const plaintexts = ['Garden gate code', 'Gate 4471', 'larch-Moss-22', MASTER];
  const onServer = JSON.stringify(logRows(server).map((row) => row.batch.toString('latin1')));
  for (const plaintext of plaintexts) expect(onServer).not.toContain(plaintext);
  const stored = await dumpExtensionStorage(page);
  expect(stored).toContain('idb:sealed-vault/merge-states');
  for (const plaintext of plaintexts) expect(stored, `storage holds "${plaintext}"`).not.toContain(plaintext);
});

test('a service worker stopped in the middle of syncs loses no change and pushes none twice', async () => {
  test.setTimeout(240_000);
  const earlier = serverRecords().collections;
  const ext = await launch();
  let page = await ext.openPopup();
  await createVault(page);
  await connect(page);
  await page.getByRole('button', { name: 'Back', exact: true }).click();

  let lastEditAt = 0;
  const restart = async (before: () => Promise<void> = async () => {}) => {
    await stopServiceWorker(page, ext.extensionId);
    const caught = await unfinishedWork(page);
    await before();
    await page.close();
    page = await ext.openPopup();
    await expect(page.getByRole('searchbox', { name: 'Search vault' })).toBeVisible();
    return caught;
  };
  /** Save with the server unreachable mid-request: stop the worker once a signed batch waits in flight. */
  const inFlight = async (save: () => Promise<void>, releaseFirst: boolean) => {
    await expect(statusLine(page)).toContainText(/Synced at .* · 0 changes waiting/, { timeout: 30_000 });
    server.hold();
    try {
      await save();
      lastEditAt = Date.now();
      await expect.poll(async () => (await unfinishedWork(page)).outbox, { timeout: 15_000 }).toBeGreaterThan(0);
      if (releaseFirst) server.release(); // the server may take the batch as the worker dies
      return await restart(async () => server.release());
    } finally {
      server.release();
    }
  };

  // 1. Stopped before the debounce: the change is only a stored delta.
  await addNote(page, 'Note 0', 'text 0');
  lastEditAt = Date.now();
  expect((await restart()).pending).toBe(1);
  // 2. Stopped with the batch signed and its request held in flight.
  expect((await inFlight(() => addNote(page, 'Note 1', 'text 1'), false)).outbox).toBeGreaterThan(0);
  // 3. Released as the worker is stopped: the server may or may not have stored it.
  expect((await inFlight(() => addNote(page, 'Note 2', 'text 2'), true)).outbox).toBeGreaterThan(0);
  // 4. Stopped around the debounce, at moments the sync may be anywhere.
  for (const [i, delay] of [1_900, 2_050, 2_300].entries()) {
    await addNote(page, `Note ${i + 3}`, `text ${i + 3}`);
    lastEditAt = Date.now();
    await page.waitForTimeout(delay);
    await restart();
  }
  // 5. An edit of an existing item, its batch held in flight.
  await inFlight(async () => {
    await page.getByRole('option', { name: /Note 0/ }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Note 0 edited');
    await page.getByRole('button', { name: 'Save' }).click();
  }, false);

  await expect(statusLine(page)).toContainText(/Synced at .* · 0 changes waiting/, { timeout: 60_000 });
  await expect(page.getByRole('option', { name: /Note 0 edited/ })).toBeVisible();
  for (const i of [1, 2, 3, 4, 5]) await expect(page.getByRole('option', { name: new RegExp(`Note ${i}`) })).toBeVisible();
  expect(await unfinishedWork(page)).toEqual({ pending: 0, outbox: 0 });

  const { collections, counters, seqs, records: mine } = serverRecords(earlier);
  // One device, one collection: seqs and counters both run 1, 2, 3… (nothing doubled or skipped).
  expect(collections.size).toBe(1);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  expect(counters).toEqual(seqs);
  // Every change pushed once: no two records carry the same item and stamp.
  const keys = mine.map((r) => `${r.item}:${r.wall}:${r.counter}`);
  expect(new Set(keys).size).toBe(keys.length);
  expect(new Set(mine.map((r) => r.item)).size).toBe(6);
  // The last edit reached the server (its stamp is not older than the edit).
  expect(Math.max(...mine.map((r) => r.wall))).toBeGreaterThanOrEqual(lastEditAt - 5_000);
});

test('a tampered batch on the server freezes the collection: blocking banner, readable vault, confirmed re-pin', async () => {
  test.setTimeout(180_000);
  const ext = await launch();
  const page = await ext.openPopup();
  await createVault(page);
  await addNote(page, 'Passport number', 'P1234567');
  await connect(page);
  await page.getByRole('button', { name: 'Back', exact: true }).click();

  // A malicious server: every batch stored from now on has one byte flipped in its signed body
  // (the genuine bytes are kept aside, so the operator can repair the server afterwards).
  server
    .db()
    .exec(
      `CREATE TABLE IF NOT EXISTS genuine (collection_id BLOB, seq INTEGER, batch BLOB);
       CREATE TRIGGER flip_byte AFTER INSERT ON collection_logs BEGIN
         INSERT INTO genuine VALUES (NEW.collection_id, NEW.seq, NEW.batch);
         UPDATE collection_logs
            SET batch = CAST(substr(batch, 1, length(batch) / 2 - 1)
                     || CASE WHEN substr(batch, length(batch) / 2, 1) = X'00' THEN X'01' ELSE X'00' END
                     || substr(batch, length(batch) / 2 + 1) AS BLOB)
          WHERE collection_id = NEW.collection_id AND seq = NEW.seq;
       END;`,
    );
  try {
    await addNote(page, 'Bank PIN hint', 'the year we met');
    const banner = page.getByRole('region', { name: /Sync stopped/ });
    await expect(banner).toBeVisible({ timeout: 30_000 });
    await expect(banner.getByRole('heading', { name: 'Sync stopped: the server cannot be trusted right now' })).toBeFocused();
    await expect(banner).toContainText('Your vault in this browser is unchanged and still works');
    await expect(banner.getByRole('button', { name: 'Export an encrypted backup' })).toBeVisible();
    await expectNoSeriousAxeViolations(page);

    // The vault stays readable.
    await expect(page.getByRole('option', { name: /Passport number/ })).toBeVisible();
    await expect(page.getByRole('option', { name: /Bank PIN hint/ })).toBeVisible();
    await page.getByRole('option', { name: /Passport number/ }).click();
    await expect(page.getByText('P1234567')).toBeVisible();
    await page.getByRole('button', { name: 'Back', exact: true }).click();

    // The backup form opens in place; re-pinning asks for confirmation, Cancel keeps the freeze.
    await banner.getByRole('button', { name: 'Export an encrypted backup' }).click();
    await expect(banner.getByLabel('Export password', { exact: true })).toBeVisible();
    await banner.getByRole('button', { name: 'Approve re-pin' }).click();
    const confirm = banner.getByRole('group', { name: /Re-pinning makes this browser trust what the sync server shows now/ });
    await expect(confirm.getByRole('button', { name: 'Confirm re-pin' })).toBeFocused();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(banner).toBeVisible();
    await expectNoSeriousAxeViolations(page);
    await banner.getByText('Technical details').click();
    await expect(banner.locator('details')).toContainText('BAD_SIGNATURE');
  } finally {
    server.db().exec('DROP TRIGGER IF EXISTS flip_byte;');
  }

  // The operator restores the genuine batches; the person approves re-pinning and sync goes on.
  server
    .db()
    .exec(
      `UPDATE collection_logs SET batch = (SELECT g.batch FROM genuine g WHERE g.collection_id = collection_logs.collection_id AND g.seq = collection_logs.seq)
        WHERE EXISTS (SELECT 1 FROM genuine g WHERE g.collection_id = collection_logs.collection_id AND g.seq = collection_logs.seq);
       DROP TABLE genuine;`,
    );
  const banner = page.getByRole('region', { name: /Sync stopped/ });
  await banner.getByRole('button', { name: 'Approve re-pin' }).click();
  await banner.getByRole('button', { name: 'Confirm re-pin' }).click();
  await expect(banner).toBeHidden({ timeout: 30_000 });
  await expect(statusLine(page)).toContainText(/Synced at .* · 0 changes waiting/, { timeout: 30_000 });
  await expect(page.getByRole('option', { name: /Bank PIN hint/ })).toBeVisible();
});

test('a vault stored by the version before sync (database version 1) upgrades, keeps its items and syncs', async () => {
  test.setTimeout(120_000);
  const ext = await launch();
  let page = await ext.openPopup();
  await createVault(page);
  await addNote(page, 'Old vault note', 'from before sync');
  await page.waitForTimeout(2_000); // the snapshot cache is written
  await stopServiceWorker(page, ext.extensionId);

  // Rewrite the database as version 1 stored it: only `meta` and `items`, the same records.
  await page.evaluate(async () => {
    const request = <T,>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
    const open = (version?: number, upgrade?: (db: IDBDatabase) => void) =>
      new Promise<IDBDatabase>((resolve, reject) => {
        const r = version === undefined ? indexedDB.open('sealed-vault') : indexedDB.open('sealed-vault', version);
        r.onupgradeneeded = () => upgrade?.(r.result);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const current = await open();
    const metaTx = current.transaction(['meta', 'items']);
    const metaKeys = await request(metaTx.objectStore('meta').getAllKeys());
    const metaValues = await request(metaTx.objectStore('meta').getAll());
    const items = await request(metaTx.objectStore('items').getAll());
    current.close();
    await request(indexedDB.deleteDatabase('sealed-vault'));
    const v1 = await open(1, (db) => {
      db.createObjectStore('meta');
      db.createObjectStore('items', { keyPath: 'id' });
    });
    const tx = v1.transaction(['meta', 'items'], 'readwrite');
    metaKeys.forEach((key, i) => tx.objectStore('meta').put(metaValues[i], key));
    for (const item of items) tx.objectStore('items').put(item);
    await new Promise((resolve) => (tx.oncomplete = resolve));
    v1.close();
  });
  await page.close();
  page = await ext.openPopup();
  await expect(page.getByRole('option', { name: /Old vault note/ })).toBeVisible();
  await connect(page);
  const stores = await page.evaluate(
    () =>
      new Promise<{ version: number; stores: string[] }>((resolve) => {
        const r = indexedDB.open('sealed-vault');
        r.onsuccess = () => {
          resolve({ version: r.result.version, stores: Array.from(r.result.objectStoreNames) });
          r.result.close();
        };
      }),
  );
  expect(stores).toEqual({ version: 2, stores: ['items', 'merge-states', 'meta', 'sync-state'] });
});
