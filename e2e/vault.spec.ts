/**
 * The local vault as a person uses it (issue: local vault): create, add a login with TOTP and an
 * API key with an expiry, lock, refuse a wrong password, unlock, search, read the TOTP, edit with
 * history, survive a stopped worker and a restarted browser, and store no plaintext anywhere.
 */
import type { Page } from '@playwright/test';
import { TOTP } from 'otpauth';
import { launchWithExtension, stopServiceWorker } from './support/browser';
import { expect, test } from './support/fixtures';
import { dumpExtensionStorage, dumpProfileStorage } from './support/storage-dump';
import { expectNoSeriousAxeViolations } from './support/axe';

const MASTER = 'orbit-lantern-Velvet-93-quarry';
const LOGIN = { name: 'Shopfront', username: 'alice.customer', password: 'Tq8-shop-Kw2-pass', url: 'https://shop.example', totp: 'JBSWY3DPEHPK3PXP' };
const API_KEY = { name: 'Payments gateway', key: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc' };
const NEW_PASSWORD = 'Zr5-changed-Lm7-pass';
const PLAINTEXTS = [LOGIN.name, LOGIN.username, LOGIN.password, 'shop.example', LOGIN.totp, API_KEY.name, API_KEY.key, NEW_PASSWORD, MASTER];

async function createVault(page: Page) {
  await page.getByLabel('Master password', { exact: true }).fill(MASTER);
  await page.getByLabel('Confirm master password').fill(MASTER);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByRole('searchbox', { name: 'Search vault' })).toBeVisible({ timeout: 30_000 });
}

async function addLogin(page: Page) {
  await page.getByRole('button', { name: 'Add item' }).click();
  await page.getByLabel('Item type').selectOption('login');
  await page.getByLabel('Name', { exact: true }).fill(LOGIN.name);
  await page.getByLabel('Username').fill(LOGIN.username);
  await page.getByLabel('Password', { exact: true }).fill(LOGIN.password);
  await page.getByLabel('Website').first().fill(LOGIN.url);
  await page.getByLabel('One-time code (TOTP) secret').fill(LOGIN.totp);
  await page.getByRole('button', { name: 'Save' }).click();
}

async function addApiKey(page: Page) {
  await page.getByRole('button', { name: 'Add item' }).click();
  await page.getByLabel('Item type').selectOption('api-key');
  await page.getByLabel('Name', { exact: true }).fill(API_KEY.name);
  await page.getByLabel('API key', { exact: true }).fill(API_KEY.key);
  await page.getByLabel('Expiry date').fill('2027-06-30');
  await page.getByRole('button', { name: 'Save' }).click();
}

async function search(page: Page, query: string) {
  const box = page.getByRole('searchbox', { name: 'Search vault' });
  await box.fill(query);
}

async function unlock(page: Page, password: string) {
  await page.getByLabel('Master password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Unlock' }).click();
}

test('a person keeps a login with TOTP and an API key in a local vault that survives restarts and stores no plaintext', async () => {
  test.setTimeout(180_000);
  const ext = await launchWithExtension();
  let page = await ext.openPopup();
  await expect(page.getByRole('button', { name: 'Create vault' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await createVault(page);
  await addLogin(page);
  await addApiKey(page);
  await expectNoSeriousAxeViolations(page);

  await page.getByRole('button', { name: 'Lock' }).click();
  await unlock(page, 'orbit-lantern-velvet-93-quarry');
  await expect(page.getByRole('alert')).toContainText('not right');
  await unlock(page, MASTER);
  await expect(page.getByRole('searchbox', { name: 'Search vault' })).toBeVisible();

  await search(page, 'shopf');
  await expect(page.getByText(LOGIN.name)).toBeVisible();
  await search(page, 'payments');
  await expect(page.getByText(API_KEY.name)).toBeVisible();

  await search(page, 'shopf');
  await page.getByText(LOGIN.name).click();
  const totp = new TOTP({ secret: LOGIN.totp });
  const before = totp.generate();
  const shown = (await page.getByLabel('One-time code').textContent())?.replace(/\s/g, '');
  const after = totp.generate();
  expect([before, after]).toContain(shown);

  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('button', { name: 'Password history' }).click();
  await expect(page.getByText(LOGIN.password)).toBeVisible();

  await stopServiceWorker(page, ext.extensionId);
  await page.close();
  page = await ext.openPopup();
  await expect(page.getByRole('searchbox', { name: 'Search vault' })).toBeVisible();
  await search(page, 'payments');
  await expect(page.getByText(API_KEY.name)).toBeVisible();

  const dump = await dumpExtensionStorage(page);
  expect(dump.length).toBeGreaterThan(100);
  for (const plaintext of PLAINTEXTS) expect(dump, `storage holds "${plaintext}"`).not.toContain(plaintext);

  await ext.close({ removeProfile: false });
  const onDisk = await dumpProfileStorage(ext.profile);
  for (const plaintext of PLAINTEXTS) expect(onDisk, `profile files hold "${plaintext}"`).not.toContain(plaintext);

  const restarted = await launchWithExtension({ profile: ext.profile });
  page = await restarted.openPopup();
  await expect(page.getByRole('button', { name: 'Unlock' })).toBeVisible();
  await unlock(page, MASTER);
  await search(page, '');
  await expect(page.getByText(LOGIN.name)).toBeVisible();
  await expect(page.getByText(API_KEY.name)).toBeVisible();
  await restarted.close();
});
