/**
 * The background service worker's composition root: builds the services, wires the message router
 * to chrome.runtime messaging, and nothing else. Keys and vault state live here only.
 */
import browser from 'webextension-polyfill';
import { appStatusHandler } from './handlers/app-status';
import { frameReadyHandler } from './handlers/fill-frame-ready';
import { createRouter } from './router';

const router = createRouter(
  {
    'app/status': appStatusHandler({
      version: browser.runtime.getManifest().version,
      vaultState: async () => 'no-vault',
    }),
    'fill/frame-ready': frameReadyHandler({ countCandidates: async () => 0 }),
  },
  browser.runtime.id,
);

browser.runtime.onMessage.addListener((message, sender) => router.handle(message, sender));
