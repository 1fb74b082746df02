import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { EXTENSION_ID } from '../extension/identity';
import { DIST } from './support/browser';
import { expect, test } from './support/fixtures';

test('the built extension loads, its worker starts and the popup shows its first screen', async ({ ext }) => {
  expect(ext.extensionId).toBe(EXTENSION_ID);
  const page = await ext.context.newPage();
  await page.goto(ext.popupUrl);
  await expect(page.getByRole('heading', { name: 'Welcome to Sealed Vault' })).toBeVisible();
  await expect(page.getByText('Version 0.1.0')).toBeVisible();
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
});

test('the manifest exposes nothing to web pages and keeps a strict extension CSP', async () => {
  const manifest = JSON.parse(await readFile(path.join(DIST, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  expect(manifest.web_accessible_resources).toBeUndefined();
  expect(manifest.externally_connectable).toBeUndefined();
  expect(manifest.permissions).toEqual(['storage', 'alarms', 'idle', 'offscreen', 'clipboardWrite', 'contextMenus', 'notifications']);
  expect(manifest.content_security_policy).toEqual({
    extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'; base-uri 'none'",
  });
});

test('a web page cannot load extension files', async ({ ext }) => {
  const page = await ext.context.newPage();
  await page.setContent('<p>web page</p>');
  const loaded = await page.evaluate(async (url) => {
    try {
      const response = await fetch(url);
      return response.ok;
    } catch {
      return false;
    }
  }, `chrome-extension://${ext.extensionId}/extension/content/main.js`);
  expect(loaded).toBe(false);
});

test('the worker refuses malformed and unknown messages with a clear code', async ({ ext }) => {
  const page = await ext.context.newPage();
  await page.goto(ext.popupUrl);
  const replies = await page.evaluate(async () => {
    const ask = (message: unknown) => chrome.runtime.sendMessage(message);
    return [await ask({ name: 'vault/steal', req: {} }), await ask({ name: 'app/status' }), await ask({ name: 'app/status', req: {} })];
  });
  expect(replies[0]).toMatchObject({ ok: false, error: { code: 'UNKNOWN_MESSAGE' } });
  expect(replies[1]).toMatchObject({ ok: false, error: { code: 'MALFORMED_MESSAGE' } });
  expect(replies[2]).toEqual({ ok: true, res: { version: '0.1.0', vault: 'no-vault' } });
});
