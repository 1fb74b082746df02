/**
 * Pairing with both sides in the real extension (DESIGN.md §7, issue 6), two Chromium profiles at
 * once against a real server over HTTPS on SQLite. A creates the vault, connects sync, and shows an
 * invite (Settings → Devices → Add a device); the test reads the invite text from A's page and
 * writes it as a Y4M video of its QR code, which B's fake camera shows (e2e/support/fake-camera.ts).
 * B, a fresh browser, opens "Join a vault from another device", scans, sees the vault fingerprint
 * and the server, joins, and shows a code; the test picks that code on A; B sets its own master
 * password and opens the vault with A's item. Then an item added on A appears on B, an edit on B
 * appears on A, and both show the same state code.
 * Refusals on a third browser C (no camera: said so; pasting): a replayed invite (already used), a tampered invite text,
 * a second answer to one invite (C and a Node device both answer: A and C both say so), and a
 * worker stopped mid-exchange ("interrupted: start again on your other device").
 * Expiry (5 minutes on A's clock) cannot be waited out here: harness/devices/pair.test.ts covers it
 * against the real relay ("refuses an answer that arrives after the invite expired on A's clock").
 */
import type { Locator, Page } from '@playwright/test';
import { Agent, fetch as undiciFetch } from 'undici';
import { NewDeviceRelayExchange } from '../shared/devices/new-exchange';
import { fingerprintText } from '../shared/pairing/fingerprint-text';
import { decodeInvite } from '../shared/pairing/invite';
import type { FetchLike } from '../shared/protocol/client/http-exchange';
import { PairingRelay } from '../shared/protocol/client/pairing-relay';
import { launchWithExtension, stopServiceWorker, type ExtensionBrowser } from './support/browser';
import { fakeCameraArgs, writeQrY4m } from './support/fake-camera';
import { expect, test } from './support/fixtures';
import { startSyncServer, type SyncServer } from './support/sync-server';
import { expectNoSeriousAxeViolations } from './support/axe';

const MASTER_A = 'orbit-lantern-Velvet-93-quarry';
const MASTER_B = 'harbor-Thistle-copper-58-meadow';

let server: SyncServer;
let agent: Agent;
let nodeFetch: FetchLike;
test.beforeAll(async () => {
  server = await startSyncServer();
  agent = new Agent({ connect: { ca: server.running.certPem } });
  nodeFetch = (url, init) => undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent }) as unknown as Promise<Response>;
});
test.afterAll(async () => {
  await agent.close();
  await server.close();
});

const opened: ExtensionBrowser[] = [];
test.afterEach(async () => {
  for (const ext of opened.splice(0)) await ext.close().catch(() => undefined);
});

async function launch(args: string[] = []): Promise<ExtensionBrowser> {
  const ext = await launchWithExtension({ args: [...args, ...server.chromiumArgs] });
  opened.push(ext);
  return ext;
}

/** A: a new vault, connected to the server. Leaves the popup on Settings. */
async function createVaultAndConnect(page: Page) {
  await page.getByLabel('Master password', { exact: true }).fill(MASTER_A);
  await page.getByLabel('Confirm master password').fill(MASTER_A);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByRole('searchbox', { name: 'Search vault' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Sync server URL').fill(server.url);
  await page.getByRole('button', { name: 'Create sync account' }).click();
  await expect(syncRegion(page).getByRole('status')).toContainText(/Synced at .* · 0 changes waiting/, { timeout: 30_000 });
}

function syncRegion(page: Page): Locator {
  return page.getByRole('region', { name: 'Sync' });
}

async function addNote(page: Page, name: string, notes: string) {
  await page.getByRole('button', { name: 'Add item' }).click();
  await page.getByLabel('Item type').selectOption('note');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Notes').fill(notes);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('option', { name: new RegExp(name) })).toBeVisible();
}

/** A, on Settings: Devices → Add a device → master password → the invite text. */
async function showInvite(page: Page): Promise<string> {
  const devices = page.getByRole('region', { name: 'Devices' });
  await devices.getByRole('button', { name: 'Add a device' }).click();
  await devices.getByLabel('Master password').fill(MASTER_A);
  await devices.getByRole('button', { name: 'Show invite' }).click();
  await expect(devices.getByRole('heading', { name: 'Scan this on your new device' })).toBeFocused({ timeout: 30_000 });
  return devices.getByLabel('Invite as text').inputValue();
}

/** A picks `code` among the three candidates. */
async function pickOnA(page: Page, code: string) {
  const devices = page.getByRole('region', { name: 'Devices' });
  const picker = devices.getByRole('group', { name: 'Which code does your new device show?' });
  await expect(picker.getByRole('radio')).toHaveCount(4, { timeout: 30_000 });
  await picker.getByRole('radio', { name: `${code.slice(0, 3)} ${code.slice(3)}` }).check();
  await devices.getByRole('button', { name: 'Confirm' }).click();
  await expect(devices.getByRole('heading', { name: 'Device added' })).toBeFocused({ timeout: 30_000 });
}

/** A fresh browser's "no vault" screen → "Join a vault from another device" → the join page (a new tab). */
async function openJoinPage(ext: ExtensionBrowser): Promise<Page> {
  const popup = await ext.openPopup();
  const [page] = await Promise.all([ext.context.waitForEvent('page'), popup.getByRole('button', { name: 'Join a vault from another device' }).click()]);
  await expect(page.getByRole('heading', { name: 'Join a vault from another device', level: 1 })).toBeVisible();
  await popup.close();
  return page;
}

async function pasteInvite(page: Page, text: string) {
  await page.getByRole('textbox', { name: 'Invite text' }).fill(text);
  await page.getByRole('button', { name: 'Continue' }).click();
}

/** The state code Settings → Sync shows, after a "Sync now". */
async function stateCode(page: Page): Promise<string> {
  const sync = syncRegion(page);
  await sync.getByRole('button', { name: 'Sync now' }).click();
  await expect(sync.getByRole('status')).toContainText(/Synced at .* · 0 changes waiting/, { timeout: 30_000 });
  return (await sync.locator('code').textContent()) ?? '';
}

/** What each extension database holds: meta keys, sync-state keys, and row counts (no values). */
async function storedLayout(page: Page): Promise<Record<string, { meta: string[]; syncState: string[]; items: number; mergeStates: number }>> {
  return page.evaluate(async () => {
    const layout: Record<string, { meta: string[]; syncState: string[]; items: number; mergeStates: number }> = {};
    for (const info of await indexedDB.databases()) {
      if (info.name === undefined) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open(info.name as string);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const ask = <T,>(store: string, what: 'keys' | 'count') =>
        new Promise<T>((resolve, reject) => {
          const s = db.transaction(store).objectStore(store);
          const r = what === 'keys' ? s.getAllKeys() : s.count();
          r.onsuccess = () => resolve(r.result as T);
          r.onerror = () => reject(r.error);
        });
      layout[info.name] = {
        meta: (await ask<IDBValidKey[]>('meta', 'keys')).map(String).sort(),
        syncState: (await ask<IDBValidKey[]>('sync-state', 'keys')).map(String).sort(),
        items: await ask<number>('items', 'count'),
        mergeStates: await ask<number>('merge-states', 'count'),
      };
      db.close();
    }
    return layout;
  });
}

/** Reloads `page` (the popup opening is a sync trigger) until `locator` shows. */
async function eventually(page: Page, locator: Locator) {
  await expect(async () => {
    await page.reload();
    await expect(locator).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
}

test('B joins by scanning A’s QR code: fingerprint first, code picked on A, own master password, same items and state code both ways', async () => {
  test.setTimeout(240_000);
  const a = await launch();
  const pageA = await a.openPopup();
  await createVaultAndConnect(pageA);
  await pageA.getByRole('button', { name: 'Back', exact: true }).click();
  await addNote(pageA, 'Garden gate code', 'Gate 4471');
  await pageA.getByRole('button', { name: 'Settings' }).click();
  const invite = await showInvite(pageA);
  const named = decodeInvite(invite);

  const b = await launch(fakeCameraArgs(await writeQrY4m(invite)));
  const join = await openJoinPage(b);
  await expectNoSeriousAxeViolations(join);
  await join.getByRole('button', { name: 'Scan the QR code' }).click();
  await expect(join.getByRole('heading', { name: 'Join this vault?' })).toBeFocused({ timeout: 30_000 });
  await expect(join.getByText(fingerprintText(named.fingerprint), { exact: true })).toBeVisible();
  await expect(join.getByText(server.url, { exact: true })).toBeVisible();
  await expectNoSeriousAxeViolations(join);
  await join.getByRole('button', { name: 'Join this vault' }).click();

  await expect(join.getByRole('heading', { name: 'Pick this code on your other device' })).toBeFocused({ timeout: 30_000 });
  const shown = (await join.getByRole('status', { name: /^Code / }).textContent()) ?? '';
  expect(shown).toMatch(/^\d{3} \d{3}$/);
  await expectNoSeriousAxeViolations(join);
  await pickOnA(pageA, shown.replace(' ', ''));

  await expect(join.getByRole('heading', { name: 'Your other device approved this browser' })).toBeFocused({ timeout: 30_000 });
  await expectNoSeriousAxeViolations(join);
  await join.getByLabel('Master password', { exact: true }).fill(MASTER_B);
  await join.getByLabel('Confirm master password').fill(MASTER_B);
  await join.getByRole('button', { name: 'Finish joining' }).click();
  await expect(join.getByRole('heading', { name: 'This browser joined your vault' })).toBeFocused({ timeout: 90_000 });
  await join.getByRole('button', { name: 'Open the vault' }).click();
  await expect(join.getByRole('searchbox', { name: 'Search vault' })).toBeVisible({ timeout: 30_000 });
  await expect(join.getByRole('option', { name: /Garden gate code/ })).toBeVisible();

  // A → B: a new item on A reaches B.
  await pageA.getByRole('button', { name: 'Back', exact: true }).click();
  await addNote(pageA, 'Wifi at the cabin', 'cabin-net / larch-Moss-22');
  await eventually(join, join.getByRole('option', { name: /Wifi at the cabin/ }));

  // B → A: an edit on B reaches A.
  await join.getByRole('option', { name: /Garden gate code/ }).click();
  await join.getByRole('button', { name: 'Edit' }).click();
  await join.getByLabel('Name', { exact: true }).fill('Garden gate code (new)');
  await join.getByRole('button', { name: 'Save' }).click();
  await expect(join.getByRole('heading', { name: 'Garden gate code (new)', level: 1 })).toBeVisible();
  await join.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(join.getByRole('option', { name: /Garden gate code \(new\)/ })).toBeVisible();
  await eventually(pageA, pageA.getByRole('option', { name: /Garden gate code \(new\)/ }));

  // B unlocks with its own master password; A's still opens A.
  await join.getByRole('button', { name: 'Settings' }).click();
  await pageA.getByRole('button', { name: 'Settings' }).click();
  await expect(async () => {
    const [onA, onB] = [await stateCode(pageA), await stateCode(join)];
    expect(onA).not.toBe('');
    expect(onB).toBe(onA);
  }).toPass({ timeout: 60_000 });

  // B stores what a device that connected sync itself stores; the staging database is empty again.
  const [layoutA, layoutB] = [await storedLayout(pageA), await storedLayout(join)];
  const vaultA = layoutA['sealed-vault'];
  const vaultB = layoutB['sealed-vault'];
  expect(vaultB?.meta).toEqual(expect.arrayContaining(['header', 'sync-account', 'sync-hlc']));
  expect(vaultB?.syncState).toEqual(vaultA?.syncState);
  expect({ items: vaultB?.items, mergeStates: vaultB?.mergeStates }).toEqual({ items: 2, mergeStates: 2 });
  expect({ items: vaultA?.items, mergeStates: vaultA?.mergeStates }).toEqual({ items: 2, mergeStates: 2 });
  expect(layoutB['sealed-vault-join']).toEqual({ meta: [], syncState: [], items: 0, mergeStates: 0 });
  expect(await join.evaluate(async () => Object.keys(await chrome.storage.session.get(null)))).not.toContain('pairing-new');
});

test('refusals on the new device: a replayed invite, a tampered invite text, a second answer to one invite (refused on both sides), a worker restart mid-exchange', async () => {
  test.setTimeout(240_000);
  const a = await launch();
  const pageA = await a.openPopup();
  await createVaultAndConnect(pageA);
  const relayFor = (i: { server: string; inviteId: Uint8Array }) => new PairingRelay({ server: i.server, fetch: nodeFetch, inviteId: i.inviteId });
  const devices = pageA.getByRole('region', { name: 'Devices' });

  // Invite 1 is used by a new device in Node.
  const first = await showInvite(pageA);
  const nodeDevice = await NewDeviceRelayExchange.start(first, relayFor, { clock: Date, pollSeconds: 2 });
  const sas = await nodeDevice.sas();
  const approval = nodeDevice.approval();
  await pickOnA(pageA, sas);
  await approval;

  const c = await launch();
  const join = await openJoinPage(c);

  // No camera here (no fake device): said plainly, with the paste alternative.
  await join.getByRole('button', { name: 'Scan the QR code' }).click();
  await expect(join.getByRole('alert')).toHaveText(/(No camera was found|The camera permission was denied).*paste the invite text instead/i, { timeout: 15_000 });

  // Replayed: the used invite again.
  await pasteInvite(join, first);
  await expect(join.getByRole('heading', { name: 'Join this vault?' })).toBeFocused();
  await join.getByRole('button', { name: 'Join this vault' }).click();
  await expect(join.getByRole('heading', { name: 'This browser did not join' })).toBeFocused({ timeout: 30_000 });
  await expect(join.getByRole('alert')).toHaveText(/This invite cannot be used any more: it was already used/);
  await expectNoSeriousAxeViolations(join);
  await join.getByRole('button', { name: 'Start again' }).click();

  // Tampered: one character of a fresh invite changed. Nothing is sent.
  await devices.getByRole('button', { name: 'Close' }).click();
  const second = await showInvite(pageA);
  const at = second.length - 12;
  const tampered = second.slice(0, at) + (second[at] === 'A' ? 'B' : 'A') + second.slice(at + 1);
  await pasteInvite(join, tampered);
  const field = join.getByRole('textbox', { name: 'Invite text' });
  await expect(field).toBeFocused();
  await expect(field).toHaveAccessibleDescription(/This is not a valid invite: it was mistyped, cut short or changed/);
  await expect(join.getByRole('heading', { name: 'Join this vault?' })).toHaveCount(0);
  expect((await relayFor(decodeInvite(second)).read(0)).messages).toEqual([]);

  // Two answers to invite 2: a Node device's hello, then C's. A aborts; C and the Node device are told.
  const other = await NewDeviceRelayExchange.start(second, relayFor, { clock: Date, pollSeconds: 2 });
  await pasteInvite(join, second);
  await join.getByRole('button', { name: 'Join this vault' }).click();
  await expect(devices.getByRole('heading', { name: 'No device was added' })).toBeFocused({ timeout: 30_000 });
  await expect(devices.getByRole('alert')).toHaveText(/another device answered it too/);
  await expect(join.getByRole('heading', { name: 'This browser did not join' })).toBeFocused({ timeout: 30_000 });
  await expect(join.getByRole('alert')).toHaveText(/answered by another device too/);
  await expect(other.sas()).rejects.toMatchObject({ code: 'CONFLICT' });

  // The worker restarts while C shows its code: C says so, and asks to start again on A.
  await devices.getByRole('button', { name: 'Close' }).click();
  const third = await showInvite(pageA);
  await join.getByRole('button', { name: 'Start again' }).click();
  await pasteInvite(join, third);
  await join.getByRole('button', { name: 'Join this vault' }).click();
  await expect(join.getByRole('heading', { name: 'Pick this code on your other device' })).toBeFocused({ timeout: 30_000 });
  await stopServiceWorker(join, c.extensionId);
  await expect(join.getByRole('heading', { name: 'Joining was interrupted' })).toBeFocused({ timeout: 30_000 });
  await expect(join.getByRole('alert')).toHaveText(/Nothing was saved here. Start again on your other device/);

  // C has no vault: nothing half-written.
  const popup = await c.openPopup();
  await expect(popup.getByRole('button', { name: 'Create vault' })).toBeVisible();
});
