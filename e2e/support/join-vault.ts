/**
 * Two real extensions in one vault, for e2e specs that need a second device (revoke, lost device):
 * `createVault` makes A's vault and `connectSync` connects it to the sync server; `joinByInvite` has A
 * show an invite (Settings → Devices → Add a device, master password), B paste its text (the join
 * flow of e2e/join.spec.ts, DESIGN.md §7), A pick B's code, and B set its own master password and
 * open the vault. Both pages are found by role and accessible name, as a person would.
 */
import type { Locator, Page } from '@playwright/test';
import type { ExtensionBrowser } from './browser';
import { expect } from './fixtures';

export const syncRegion = (page: Page): Locator => page.getByRole('region', { name: 'Sync' });

/** A new vault with `master`; leaves the popup on the vault list. */
export async function createVault(page: Page, master: string): Promise<void> {
  await page.getByLabel('Master password', { exact: true }).fill(master);
  await page.getByLabel('Confirm master password').fill(master);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByRole('searchbox', { name: 'Search vault' })).toBeVisible({ timeout: 30_000 });
}

/** From the vault list: Settings, connect to `serverUrl`, first sync done. Leaves the popup on Settings. */
export async function connectSync(page: Page, serverUrl: string): Promise<void> {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Sync server URL').fill(serverUrl);
  await page.getByRole('button', { name: 'Create sync account' }).click();
  await expect(syncRegion(page).getByRole('status')).toContainText(/Synced at .* · 0 changes waiting/, { timeout: 30_000 });
}

/**
 * B joins A's vault by pasting A's invite. `pageA` is on Settings (as connectSync leaves it). Returns B's join page, left in the open vault.
 */
export async function joinByInvite(pageA: Page, masterA: string, b: ExtensionBrowser, masterB: string): Promise<Page> {
  const devices = pageA.getByRole('region', { name: 'Devices' });
  await devices.getByRole('button', { name: 'Add a device' }).click();
  await devices.getByLabel('Master password').fill(masterA);
  await devices.getByRole('button', { name: 'Show invite' }).click();
  await expect(devices.getByRole('heading', { name: 'Scan this on your new device' })).toBeFocused({ timeout: 30_000 });
  const invite = await devices.getByLabel('Invite as text').inputValue();
  const popupB = await b.openPopup();
  const [pageB] = await Promise.all([b.context.waitForEvent('page'), popupB.getByRole('button', { name: 'Join a vault from another device' }).click()]);
  await popupB.close();
  await pageB.getByRole('textbox', { name: 'Invite text' }).fill(invite);
  await pageB.getByRole('button', { name: 'Continue' }).click();
  await pageB.getByRole('button', { name: 'Join this vault' }).click();
  await expect(pageB.getByRole('heading', { name: 'Pick this code on your other device' })).toBeFocused({ timeout: 30_000 });
  const code = ((await pageB.getByRole('status', { name: /^Code / }).textContent()) ?? '').replace(' ', '');
  const picker = devices.getByRole('group', { name: 'Which code does your new device show?' });
  await expect(picker.getByRole('radio')).toHaveCount(4, { timeout: 30_000 });
  await picker.getByRole('radio', { name: `${code.slice(0, 3)} ${code.slice(3)}` }).check();
  await devices.getByRole('button', { name: 'Confirm' }).click();
  await expect(devices.getByRole('heading', { name: 'Device added' })).toBeFocused({ timeout: 30_000 });
  await pageB.getByLabel('Master password', { exact: true }).fill(masterB);
  await pageB.getByLabel('Confirm master password').fill(masterB);
  await pageB.getByRole('button', { name: 'Finish joining' }).click();
  await expect(pageB.getByRole('heading', { name: 'This browser joined your vault' })).toBeFocused({ timeout: 90_000 });
  await pageB.getByRole('button', { name: 'Open the vault' }).click();
  return pageB;
}
