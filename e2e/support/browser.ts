/**
 * Launches Debian's Chromium headless with the built extension loaded and finds the extension's
 * service worker. A profile directory can be reused to restart "the same browser"; extra flags (an
 * SPKI pin for a test server, a fake camera) come from the caller.
 */
import { chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
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
  profile: string;
  openPopup(): Promise<Page>;
  /** Closes the browser; the profile stays for a restart unless `removeProfile` is set. */
  close(options?: { removeProfile?: boolean }): Promise<void>;
}

export interface LaunchOptions {
  args?: string[];
  profile?: string;
}

export async function newProfile(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'vault-profile-'));
}

export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const profile = options.profile ?? (await newProfile());
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
      ...(options.args ?? []),
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const popupUrl = `chrome-extension://${extensionId}/extension/popup/index.html`;
  return {
    context,
    worker,
    extensionId,
    popupUrl,
    profile,
    async openPopup() {
      const page = await context.newPage();
      await page.goto(popupUrl);
      return page;
    },
    async close({ removeProfile = true } = {}) {
      await context.close();
      if (removeProfile) await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Stops the extension's service worker through CDP, as Chromium does when it is idle. */
export async function stopServiceWorker(page: Page, extensionId: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: Array<{ targetId: string; type: string; url: string }> };
  const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
  if (worker === undefined) throw new Error('extension service worker not found');
  await cdp.send('Target.closeTarget', { targetId: worker.targetId });
  await cdp.detach();
}
