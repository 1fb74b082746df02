/**
 * A copied password leaves the clipboard after the delay (30 s by default): the worker wakes on an
 * alarm and an offscreen document overwrites the clipboard.
 */
import type { Page } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchWithExtension } from './support/browser';
import { expect, test } from './support/fixtures';

const MASTER = 'orbit-lantern-Velvet-93-quarry';
const SECRET = 'Kp4-clip-Wq9-board';

async function readClipboard(page: Page): Promise<string> {
  await page.bringToFront();
  return page.evaluate(() =>
    Promise.race([navigator.clipboard.readText(), new Promise<string>((resolve) => setTimeout(() => resolve('<no answer>'), 2000))]),
  );
}

/** A plain web page on localhost, allowed to read the clipboard as the person's other apps could. */
async function clipboardReader() {
  const server = createServer((_req, res) => res.end('<!doctype html><title>reader</title><p>reader</p>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

test('a copied password is cleared from the clipboard after 30 seconds', async () => {
  test.setTimeout(120_000);
  const ext = await launchWithExtension();
  const reader = await clipboardReader();
  await ext.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(reader.url).origin });
  const readerPage = await ext.context.newPage();
  await readerPage.goto(reader.url);
  const page = await ext.openPopup();
  page.setDefaultTimeout(15_000);
  await page.getByLabel('Master password', { exact: true }).fill(MASTER);
  await page.getByLabel('Confirm master password').fill(MASTER);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await page.getByRole('button', { name: 'Add item' }).click();
  await page.getByLabel('Item type').selectOption('login');
  await page.getByLabel('Name', { exact: true }).fill('Clipboard test');
  await page.getByLabel('Password', { exact: true }).fill(SECRET);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Clipboard test').click();
  await page.getByRole('button', { name: 'Copy password' }).click();
  await expect.poll(() => readClipboard(readerPage)).toBe(SECRET);
  await expect.poll(() => readClipboard(readerPage), { timeout: 60_000, intervals: [2_000] }).not.toContain(SECRET);
  await ext.close();
  reader.close();
});
