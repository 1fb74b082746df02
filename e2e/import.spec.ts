/**
 * Import through the extension's page, as a person moving in: a Bitwarden JSON export (the real file
 * Bitwarden writes, from the shared corpus) and a Chrome CSV; a file in the wrong format changes nothing.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import path from 'node:path';
import { launchWithExtension } from './support/browser';
import { expect, test } from './support/fixtures';

const MASTER = 'orbit-lantern-Velvet-93-quarry';
const BITWARDEN = path.resolve('../shared/corpus/import/keepassxc/bitwarden_export.json');
const CHROME = path.resolve('shared/vault/import/fixtures/chrome.csv');

async function importFile(page: Page, file: string, format = '') {
  await page.getByLabel('Choose a file to import').setInputFiles(file);
  await page.getByLabel('Format', { exact: true }).selectOption(format);
  await page.getByRole('button', { name: 'Preview import' }).click();
}

async function searchPopup(popup: Page, query: string) {
  await popup.getByRole('searchbox', { name: 'Search vault' }).fill(query);
}

test('a Bitwarden JSON and a Chrome CSV import through the page and their items appear in the popup', async () => {
  test.setTimeout(120_000);
  const ext = await launchWithExtension();
  const popup = await ext.openPopup();
  await popup.getByLabel('Master password', { exact: true }).fill(MASTER);
  await popup.getByLabel('Confirm master password').fill(MASTER);
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await expect(popup.getByRole('searchbox', { name: 'Search vault' })).toBeVisible({ timeout: 30_000 });

  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/extension/popup/import.html`);
  await expect(page.getByRole('heading', { name: 'Import and export' })).toBeVisible();

  await importFile(page, CHROME, 'bitwarden-json');
  await expect(page.getByRole('alert')).toContainText(/JSON/);
  await expect(page.getByRole('region', { name: 'Import preview' })).toHaveCount(0);

  await importFile(page, BITWARDEN);
  const preview = page.getByRole('region', { name: 'Import preview' });
  await expect(preview).toContainText('Bitwarden');
  await expect(preview).toContainText('4 items');
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await preview.getByRole('button', { name: /^Import \d+ items$/ }).click();
  await expect(page.getByRole('status')).toContainText('Imported 4 items');

  await importFile(page, CHROME);
  await expect(page.getByRole('region', { name: 'Import preview' })).toContainText('Chrome');
  await page.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: /^Import \d+ items$/ }).click();
  await expect(page.getByRole('status')).toContainText(/Imported \d+ items/);

  await popup.reload();
  await searchPopup(popup, 'Login Name');
  await expect(popup.getByText('Login Name')).toBeVisible();
  await popup.getByText('Login Name').click();
  await expect(popup.getByText('myusername@gmail.com')).toBeVisible();
  await popup.reload();
  await searchPopup(popup, 'octocat');
  await expect(popup.getByText('github.com')).toBeVisible();
  await ext.close();
});
