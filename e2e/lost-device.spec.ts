/**
 * "I lost a device" end to end (issue 11), two Chromium profiles against a real server over HTTPS
 * on SQLite. A creates the vault and keeps a login, two machine secrets (an API key and an SSH key,
 * both with an expiry) and a note it then moves to the trash (still readable by any device that
 * synced it); B joins A's vault (e2e/support/join-vault.ts). On A: Security → I lost a device →
 * pick B → master password (a wrong one first) → revoke and rotation → the list of what B could
 * read (machine secrets first and marked, the login, the trashed note) and the devices B enrolled
 * (none). Then the record: the trust view shows B revoked and its audit log holds the revoke and
 * the user-key rotation; after A's next sync the security center's events show the revoke and both
 * rotations, and freezing and resuming sync. B's next sync says it was removed and its vault is
 * gone. Each new screen of the flow gets an axe check.
 */
import type { Page } from '@playwright/test';
import { SSH_KEY_VECTORS } from '../shared/vault/vectors/ssh-keys';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { expect, test } from './support/fixtures';
import { connectSync, createVault, joinByInvite, syncRegion } from './support/join-vault';
import { startSyncServer, type SyncServer } from './support/sync-server';
import { expectNoSeriousAxeViolations } from './support/axe';

const MASTER_A = 'orbit-lantern-Velvet-93-quarry';
const MASTER_B = 'harbor-Thistle-copper-58-meadow';
const SSH = SSH_KEY_VECTORS[0] ?? (() => { throw new Error('no SSH vector'); })();

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

async function addItem(page: Page, type: string, name: string, fill: (page: Page) => Promise<void>) {
  await page.getByRole('button', { name: 'Add item' }).click();
  await page.getByLabel('Item type').selectOption(type);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await fill(page);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('option', { name: new RegExp(name) })).toBeVisible();
}

test('I lost a device: from A, pick B, confirm, see the rotation, and the list of what B could read, machine secrets first; B is removed', async () => {
  test.setTimeout(300_000);
  const a = await launch();
  const pageA = await a.openPopup();
  await createVault(pageA, MASTER_A);
  await addItem(pageA, 'login', 'Shop account', async (p) => {
    await p.getByLabel('Username').fill('kim@example.com');
    await p.getByLabel('Password', { exact: true }).fill('tulip-Crane-41-dune');
  });
  await addItem(pageA, 'api-key', 'Payments API key', async (p) => {
    await p.getByLabel('API key', { exact: true }).fill('sk_live_51HbQ7kLostDevice');
    await p.getByLabel('Expiry date').fill('2027-06-30');
  });
  await addItem(pageA, 'ssh-key', 'Build server SSH key', async (p) => {
    await p.getByLabel('Private key').fill(SSH.privateKey ?? '');
    await p.getByLabel('Expiry date').fill('2027-12-31');
  });
  await addItem(pageA, 'note', 'Old recovery codes', async (p) => {
    await p.getByLabel('Notes').fill('0451 7781 2290');
  });
  await pageA.getByRole('option', { name: /Old recovery codes/ }).click();
  await pageA.getByRole('button', { name: 'Move to trash' }).click();
  await expect(pageA.getByRole('option', { name: /Old recovery codes/ })).toHaveCount(0, { timeout: 10_000 });
  await connectSync(pageA, server.url);

  const b = await launch();
  const pageB = await joinByInvite(pageA, MASTER_A, b, MASTER_B);
  await expect(pageB.getByRole('option', { name: /Payments API key/ })).toBeVisible({ timeout: 30_000 });

  // A: Security → I lost a device → pick B.
  await pageA.reload();
  await pageA.getByRole('button', { name: 'Security' }).click();
  await expect(pageA.getByRole('heading', { name: 'Security center' })).toBeFocused();
  await pageA.getByRole('button', { name: 'I lost a device' }).click();
  const flow = pageA.getByRole('group', { name: 'I lost a device' });
  const picker = flow.getByRole('group', { name: 'Which device did you lose?' });
  await expect(picker.getByRole('radio')).toHaveCount(1, { timeout: 30_000 });
  await expect(flow.getByRole('button', { name: 'Continue' })).toBeDisabled();
  await expectNoSeriousAxeViolations(pageA);
  await // Named by its own profile once its heartbeat arrived, else "Unnamed device"; the fingerprint either way.
  await picker.getByRole('radio', { name: /device / }).check();
  await flow.getByRole('button', { name: 'Continue' }).click();

  // Master password: a wrong one is refused and nothing is revoked; the right one starts it.
  await expect(flow.getByRole('heading', { name: /^Revoke device / })).toBeVisible();
  await expectNoSeriousAxeViolations(pageA);
  await flow.getByLabel('Master password').fill('not-the-master-password');
  await flow.getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(flow.getByRole('alert')).toBeVisible();
  await flow.getByLabel('Master password').fill(MASTER_A);
  // The progress may be brief with four items: note every heading the flow shows on the way.
  await pageA.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenHeadings: string[] }).seenHeadings = seen;
    new MutationObserver(() => {
      for (const h of document.querySelectorAll('#rotation-heading')) if (!seen.includes(h.textContent ?? '')) seen.push(h.textContent ?? '');
      if (document.querySelector('progress[aria-label="Items re-encrypted"]') !== null && !seen.includes('progress')) seen.push('progress');
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await flow.getByRole('button', { name: 'Revoke', exact: true }).click();

  // Progress, then what B could read.
  await expect(flow.getByRole('heading', { name: /^Device .* revoked$/ })).toBeVisible({ timeout: 90_000 });
  const seen = await pageA.evaluate(() => (window as unknown as { seenHeadings: string[] }).seenHeadings);
  expect(seen).toEqual(expect.arrayContaining(['progress', expect.stringMatching(/^Revoking device /), expect.stringMatching(/^Device .* revoked$/)]));
  await expect(flow.getByRole('status')).toContainText('Keys rotated');
  await expectNoSeriousAxeViolations(pageA);
  const exposure = flow.getByRole('list', { name: 'Secrets the revoked device could read' }).getByRole('listitem');
  await expect(exposure).toHaveCount(4);
  const texts = await exposure.allTextContents();
  expect(texts.slice(0, 2).every((t) => t.startsWith('Machine secret: '))).toBe(true);
  expect(texts).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^Machine secret: Payments API key \(api-key/),
      expect.stringMatching(/^Machine secret: Build server SSH key \(ssh-key/),
      expect.stringMatching(/^Shop account \(login/),
      expect.stringMatching(/^Old recovery codes \(note.*in the trash\)$/),
    ]),
  );
  await expect(flow).toContainText('Devices it enrolled');
  await expect(flow).toContainText('None.');
  await flow.getByRole('button', { name: 'Done' }).click();
  await expect(pageA.getByRole('button', { name: 'I lost a device' })).toBeVisible();

  // The audit history: the revoke and the rotation in the trust view's audit log (the identity
  // chain), B revoked there too...
  await pageA.getByRole('button', { name: 'Back', exact: true }).click();
  await pageA.getByRole('button', { name: 'Settings' }).click();
  const trust = pageA.getByRole('region', { name: 'Trusted devices' });
  await expect(trust.getByRole('listitem', { name: /^Device (?!.*this device)/ })).toContainText('State: Revoked', { timeout: 30_000 });
  await trust.getByText(/^Audit log \(/).click();
  const audit = trust.getByRole('list', { name: 'Audit log' });
  await expect(audit).toContainText('revoke-device');
  await expect(audit).toContainText('rotate-user-key');
  // ...and in the security center's events, after A's next sync (reopening the popup runs one).
  const events = pageA.getByRole('list', { name: 'Security events' });
  await expect(async () => {
    await pageA.reload();
    await pageA.getByRole('button', { name: 'Security' }).click();
    await expect(events).toContainText('A collection key was rotated (epoch 1).', { timeout: 2_000 });
  }).toPass({ timeout: 30_000, intervals: [1_000] });
  await expect(events).toContainText(/A device \(.*\) was revoked: it can no longer sync\./);
  await expect(events).toContainText('Your user key was rotated (generation 1).');
  await pageA.getByRole('button', { name: 'Freeze sync' }).click();
  await expect(events).toContainText('You paused sync on this device.');
  await pageA.getByRole('button', { name: 'Resume sync' }).click();
  await expect(events).toContainText('You resumed sync on this device.');

  // B's next sync: refused, B verifies its revocation, says so, and its vault is gone.
  await pageB.getByRole('button', { name: 'Settings' }).click();
  await syncRegion(pageB).getByRole('button', { name: 'Sync now' }).click();
  await expect(async () => {
    await pageB.reload();
    await expect(pageB.getByRole('alert').filter({ hasText: 'This device was removed' })).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
  await expect(pageB.getByRole('button', { name: 'Create vault' })).toBeVisible();
});
