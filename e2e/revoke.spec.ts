/**
 * "A revokes B" (issue 6), two Chromium profiles against a real server over HTTPS on SQLite: A
 * creates the vault and connects sync; B joins by pasting A's invite (the join flow of
 * e2e/join.spec.ts). The test reads B's key material from B's profile (the bundle key in session
 * storage, the sealed bundle in IndexedDB) before the revoke. B renames itself; A's trust view shows
 * B's new name and platform and A's own default name, and neither name is in the server's SQLite
 * file bytes (the profiles travel sealed in the heartbeats). A revokes B in Settings → Trusted
 * devices (master password again) and sees the rotation finish and what B could read. Then:
 * - B's next request is refused, B finds its verified revocation, says it was removed by A's
 *   device, and its vault database is empty;
 * - a new item on A is written at the new epoch and does not open with B's old epoch key;
 * - a batch signed by B, inserted straight into the server's database, freezes A's sync as
 *   UNTRUSTED_WRITER.
 */
import { existsSync, readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { sha256 } from '@noble/hashes/sha2.js';
import { decodeEntry, entryHash } from '../shared/chains/entry';
import { fromBase64url } from '../shared/crypto/base64url';
import { signingKeyPairFromSeed } from '../shared/crypto/ed25519';
import { decodeBatch, signBatch } from '../shared/sync/batch';
import { openBatchRecords } from '../shared/sync/open-batch';
import { openBundle, type VaultHeader } from '../shared/vault/vault-keys';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { connectSync, createVault, joinByInvite, syncRegion } from './support/join-vault';
import { expect, test } from './support/fixtures';
import { logRows, startSyncServer, type SyncServer } from './support/sync-server';

function fail(message: string): never {
  throw new Error(message);
}

const MASTER_A = 'orbit-lantern-Velvet-93-quarry';
const MASTER_B = 'harbor-Thistle-copper-58-meadow';
const B_NAME = 'Kitchen laptop B';

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

const trustRegion = (page: Page): Locator => page.getByRole('region', { name: 'Trusted devices' });

async function addNote(page: Page, name: string, notes: string) {
  await page.getByRole('button', { name: 'Add item' }).click();
  await page.getByLabel('Item type').selectOption('note');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Notes').fill(notes);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('option', { name: new RegExp(name) })).toBeVisible();
}

async function syncNow(page: Page) {
  const sync = syncRegion(page);
  await sync.getByRole('button', { name: 'Sync now' }).click();
  await expect(sync.getByRole('status')).toContainText(/Synced at .* · 0 changes waiting/, { timeout: 30_000 });
}

/** True when the server's SQLite file (or its WAL) holds `text` in clear, as UTF-8 or UTF-16. */
function databaseBytesHold(running: SyncServer, text: string): boolean {
  if (running.database.kind !== 'sqlite') throw new Error('reads the SQLite file');
  const file = running.database.file;
  const files = [file, `${file}-wal`].filter((f) => existsSync(f));
  expect(files.length).toBeGreaterThan(0);
  return files.some((f) => {
    const bytes = readFileSync(f);
    return bytes.includes(Buffer.from(text, 'utf8')) || bytes.includes(Buffer.from(text, 'utf16le'));
  });
}

/** B's key material as a thief with B's unlocked profile would read it: bundle key and sealed header. */
async function readKeyMaterial(page: Page): Promise<{ bundleKey: string; header: VaultHeader }> {
  const raw = await page.evaluate(async () => {
    const session = (await chrome.storage.session.get('unlocked')) as { unlocked?: { bundleKey: string } };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('sealed-vault');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const header = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const r = db.transaction('meta').objectStore('meta').get('header');
      r.onsuccess = () => resolve(r.result as Record<string, unknown>);
      r.onerror = () => reject(r.error);
    });
    db.close();
    const plain = (value: unknown): unknown =>
      value instanceof Uint8Array ? { bytes: Array.from(value) } : typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)])) : value;
    return { bundleKey: session.unlocked?.bundleKey ?? '', header: plain(header) };
  });
  const revive = (value: unknown): unknown =>
    typeof value === 'object' && value !== null
      ? 'bytes' in value
        ? Uint8Array.from((value as { bytes: number[] }).bytes)
        : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]))
      : value;
  return { bundleKey: raw.bundleKey, header: revive(raw.header) as VaultHeader };
}

/** Counts of the rows B's vault database holds. */
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

test('A revokes B: B is refused, says it was removed and its vault is gone; new items do not open with B’s old keys; a batch signed by B is UNTRUSTED_WRITER on A', async () => {
  test.setTimeout(300_000);
  // A: vault, sync, one note.
  const a = await launch();
  const pageA = await a.openPopup();
  await createVault(pageA, MASTER_A);
  await addNote(pageA, 'Deploy key', 'ssh-ed25519 AAAA-before-revoke');
  await connectSync(pageA, server.url);

  // A invites; B joins by pasting the invite text (e2e/support/join-vault.ts).
  const b = await launch();
  const pageB = await joinByInvite(pageA, MASTER_A, b, MASTER_B);
  await expect(pageB.getByRole('option', { name: /Deploy key/ })).toBeVisible({ timeout: 30_000 });

  // B renames itself in Settings → Trusted devices; its next sync carries the sealed name and platform.
  await pageB.getByRole('button', { name: 'Settings' }).click();
  const nameField = trustRegion(pageB).getByLabel('Name of this device');
  await expect(nameField).toHaveValue(/^\S+ on \S+/, { timeout: 30_000 });
  await nameField.fill(B_NAME);
  await trustRegion(pageB).getByRole('button', { name: 'Rename this device' }).click();
  await expect(nameField).toHaveValue(B_NAME);
  await syncNow(pageB);
  await pageB.getByRole('button', { name: 'Back', exact: true }).click();

  // B's key material, read from B's profile before the revoke.
  const stolen = await readKeyMaterial(pageB);
  const bBundle = openBundle(stolen.header, fromBase64url(stolen.bundleKey));
  const oldKey = bBundle.collectionKeys.find((k) => k.epoch === 0)?.key ?? fail('B holds no epoch key');

  // A: the trust view lists both devices; A revokes B with its master password.
  await pageA.reload();
  await pageA.getByRole('button', { name: 'Settings' }).click();
  const trust = trustRegion(pageA);
  await expect(trust.getByRole('list', { name: 'Devices of this vault' }).getByRole('listitem')).toHaveCount(2, { timeout: 30_000 });
  const thisDevice = trust.getByRole('listitem', { name: /\(this device\)$/ });
  const aFingerprint = ((await thisDevice.getAttribute('aria-label')) ?? '').replace(/^Device /, '').replace(/ \(this device\)$/, '');
  await expect(trust.getByRole('listitem', { name: /^Device (?!.*this device)/ })).toContainText(`Approved by device ${aFingerprint}`);
  // Names and platforms, opened from the sealed profiles in the heartbeats; the server holds neither in clear.
  const rowB = trust.getByRole('listitem', { name: /^Device (?!.*this device)/ });
  await expect(rowB).toContainText(`Name: ${B_NAME}`);
  await expect(rowB).toContainText(/Platform: \S+ \d+ on \S+/);
  await expect(thisDevice).toContainText(/Name: \S+ on \S+/);
  const aName = /Name: (.+?)Platform:/.exec((await thisDevice.innerText()).replace(/\n/g, ''))?.[1] ?? fail('no name for A');
  await expect(rowB).toContainText(`Approved by device ${aFingerprint} (${aName})`);
  expect(databaseBytesHold(server, B_NAME)).toBe(false);
  expect(databaseBytesHold(server, aName)).toBe(false);
  expect((await new AxeBuilder({ page: pageA }).include('#trust-title').analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  await trust.getByRole('button', { name: /^Revoke device / }).click();
  await trust.getByLabel('Master password').fill(MASTER_A);
  await trust.getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(trust.getByRole('heading', { name: /^Device .* revoked$/ })).toBeVisible({ timeout: 90_000 });
  await expect(trust.getByRole('list', { name: 'Secrets the revoked device could read' })).toContainText('Deploy key');
  await trust.getByRole('button', { name: 'Done' }).click();
  await expect(trust.getByRole('listitem', { name: /^Device (?!.*this device)/ })).toContainText('State: Revoked', { timeout: 30_000 });

  // B's next request is refused; B verifies its revocation, says so, and its vault is gone.
  await pageB.getByRole('button', { name: 'Settings' }).click();
  await syncRegion(pageB).getByRole('button', { name: 'Sync now' }).click();
  await expect(async () => {
    await pageB.reload();
    await expect(pageB.getByRole('alert').filter({ hasText: 'This device was removed' })).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
  await expect(pageB.getByRole('alert')).toContainText(`This device was removed from the vault by device ${aFingerprint} (${aName}) on`);
  await expect(pageB.getByRole('button', { name: 'Create vault' })).toBeVisible();
  expect(await vaultRows(pageB)).toBe(0);

  // A new item on A is at the new epoch and does not open with B's old key.
  await pageA.getByRole('button', { name: 'Back', exact: true }).click();
  await addNote(pageA, 'Written after revoking B', 'B must not read this');
  await pageA.getByRole('button', { name: 'Settings' }).click();
  await syncNow(pageA);
  const rows = logRows(server);
  const last = decodeBatch(rows[rows.length - 1]?.batch ?? fail('empty log'));
  expect(last.fields.epoch).toBe(1);
  const identity = last.fields.identity;
  const opened = openBatchRecords(last, { identity, collection: last.fields.collection, epoch: 1, key: oldKey });
  expect(opened.length).toBeGreaterThan(0);
  expect(opened.every((r) => !r.ok)).toBe(true);
  expect(bBundle.collectionKeys.some((k) => k.epoch === 1)).toBe(false);

  // A batch signed by B, inserted straight into the server's database, is refused by A.
  const db = server.db();
  const entries = (db.prepare('SELECT entry FROM identity_chain_entries WHERE account_id = ? ORDER BY seq').all(Buffer.from(identity)) as { entry: Buffer }[]).map((r) => new Uint8Array(r.entry));
  const revoked = entries.map((e) => decodeEntry(e).body).find((body) => body.op === 'revoke-device');
  const bDevice = revoked?.op === 'revoke-device' ? revoked.args.deviceId : fail('no revoke entry');
  const collection = last.fields.collection;
  const chain = (db.prepare('SELECT seq, entry_hash FROM collection_chain_entries WHERE collection_id = ? ORDER BY seq DESC LIMIT 1').get(Buffer.from(collection)) as { seq: number; entry_hash: Buffer });
  const head = db.prepare('SELECT seq, head FROM collection_heads WHERE collection_id = ?').get(Buffer.from(collection)) as { seq: number; head: Buffer };
  const forged = signBatch(
    {
      identity,
      collection,
      epoch: 1,
      device: bDevice,
      signer: signingKeyPairFromSeed(bBundle.deviceSigningSeed).publicKey,
      counter: 1,
      prev: new Uint8Array(32),
      seen: { seq: head.seq, head: new Uint8Array(head.head) },
      chains: { identity: { seq: entries.length - 1, head: entryHash(entries[entries.length - 1] ?? new Uint8Array()) }, collection: { seq: chain.seq, head: new Uint8Array(chain.entry_hash) } },
      records: [],
    },
    bBundle.deviceSigningSeed,
  ).bytes;
  const joined = new Uint8Array(64);
  joined.set(head.head, 0);
  joined.set(sha256(forged), 32);
  const newHead = Buffer.from(sha256(joined));
  db.prepare('INSERT INTO collection_logs (collection_id, seq, batch_id, head, device_id, counter, batch, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    Buffer.from(collection), head.seq + 1, Buffer.from(sha256(forged)), newHead, Buffer.from(bDevice), 1, Buffer.from(forged), Date.now(),
  );
  db.prepare('UPDATE collection_heads SET seq = ?, head = ? WHERE collection_id = ?').run(head.seq + 1, newHead, Buffer.from(collection));
  await syncRegion(pageA).getByRole('button', { name: 'Sync now' }).click();
  await expect(syncRegion(pageA).getByRole('status')).toContainText('Sync stopped', { timeout: 30_000 });
  await pageA.getByRole('button', { name: 'Back', exact: true }).click();
  const banner = pageA.getByRole('region', { name: /Sync stopped/ });
  await expect(banner).toBeVisible({ timeout: 30_000 });
  await banner.getByText('Technical details').click();
  await expect(banner.locator('details')).toContainText('UNTRUSTED_WRITER');
});
