/**
 * Test fixtures: `ext` is a fresh browser profile with the built extension loaded.
 */
import { test as base } from '@playwright/test';
import { launchWithExtension, type ExtensionBrowser } from './browser';

export const test = base.extend<{ ext: ExtensionBrowser }>({
  ext: async ({}, use) => {
    const ext = await launchWithExtension();
    await use(ext);
    await ext.close();
  },
});

export { expect } from '@playwright/test';
