/**
 * Launches Debian's Chromium headless with the built extension loaded, in a fresh profile, and
 * finds the extension's service worker. Extra flags (an SPKI pin for a test server, a fake camera)
 * come from the caller.
 */
import { chromium, type BrowserContext, type Worker } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const DIST = path.resolve('dist');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  popupUrl: string;
  close(): Promise<void>;
}

export async function launchWithExtension(extraArgs: string[] = []): Promise<ExtensionBrowser> {
  const profile = await mkdtemp(path.join(tmpdir(), 'vault-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--disable-extensions-except=${DIST}`,
      `--load-extension=${DIST}`,
      ...extraArgs,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    popupUrl: `chrome-extension://${extensionId}/extension/popup/index.html`,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
