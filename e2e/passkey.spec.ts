/**
 * Passkey unlock (issue 12) with Chromium's CDP WebAuthn virtual authenticator (ctap2, internal,
 * resident keys, user verification, PRF) on the passkeys page: add a passkey, lock, unlock with it;
 * a second authenticator's PRF output does not unwrap the stored key; once removed, the passkey no
 * longer unlocks and the master password still does.
 */
import AxeBuilder from '@axe-core/playwright';
import type { CDPSession, Page } from '@playwright/test';
import type { ExtensionBrowser } from './support/browser';
import { expect, test } from './support/fixtures';

const MASTER = 'orbit-lantern-Velvet-93-quarry';

async function withAuthenticator(ext: ExtensionBrowser): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/extension/popup/passkeys.html`);
  const cdp = await ext.context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, hasPrf: true },
  });
  return { page, cdp };
}

type Reply = { ok: true; res: Record<string, unknown> } | { ok: false; error: { code: string } };

/** Sends one message from an extension page, as the page's own code would. */
async function sendFrom(page: Page, name: string, req: unknown): Promise<Reply> {
  return page.evaluate(async ([n, r]) => (await chrome.runtime.sendMessage({ name: n, req: r })) as Reply, [name, req] as const);
}

/** This page's authenticator's PRF output for `prfSalt` (a new credential on it, or the given one). */
async function prfOutputOn(page: Page, prfSalt: string, credentialId?: string): Promise<string> {
  return page.evaluate(
    async ([salt, id]) => {
      const b = (t: string) => Uint8Array.from(atob(t.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
      const challenge = crypto.getRandomValues(new Uint8Array(32));
      const extensions = { prf: { eval: { first: b(salt) } } };
      let credential: PublicKeyCredential;
      if (id === undefined) {
        credential = (await navigator.credentials.create({
          publicKey: {
            challenge,
            rp: { name: 'Other' },
            user: { id: crypto.getRandomValues(new Uint8Array(16)), name: 'other', displayName: 'Other' },
            pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
            authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
            extensions,
          },
        })) as PublicKeyCredential;
      } else {
        credential = (await navigator.credentials.get({
          publicKey: { challenge, allowCredentials: [{ type: 'public-key', id: b(id) }], userVerification: 'required', extensions },
        })) as PublicKeyCredential;
      }
      const first = credential.getClientExtensionResults().prf?.results?.first as ArrayBuffer;
      return btoa(String.fromCharCode(...new Uint8Array(first))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    },
    [prfSalt, credentialId] as const,
  );
}

async function lockFromPopup(popup: Page) {
  await popup.reload();
  await popup.getByRole('button', { name: 'Lock' }).click();
  await expect(popup.getByRole('button', { name: 'Unlock', exact: true })).toBeVisible();
}

test('a passkey with PRF unlocks the vault until it is removed; another authenticator never does', async ({ ext }) => {
  test.setTimeout(120_000);
  const popup = await ext.openPopup();
  await popup.getByLabel('Master password', { exact: true }).fill(MASTER);
  await popup.getByLabel('Confirm master password').fill(MASTER);
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await expect(popup.getByRole('searchbox', { name: 'Search vault' })).toBeVisible({ timeout: 30_000 });
  await popup.getByRole('button', { name: 'Settings' }).click();
  const opened = ext.context.waitForEvent('page');
  await popup.getByRole('button', { name: 'Passkeys' }).click();
  await expect(await opened).toHaveURL(/extension\/popup\/passkeys\.html$/);

  const { page } = await withAuthenticator(ext);
  await page.getByLabel('Passkey name').fill('Test key');
  await page.getByLabel('Master password').fill(MASTER);
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page.getByRole('status')).toContainText('Passkey "Test key" added');
  await expect(page.getByRole('button', { name: 'Remove passkey Test key' })).toBeVisible();
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  // Lock, then unlock with the passkey on its page; the popup offers it on the unlock screen.
  await lockFromPopup(popup);
  await expect(popup.getByRole('button', { name: 'Unlock with a passkey' })).toBeVisible();
  await page.reload();
  await page.getByRole('button', { name: 'Unlock with a passkey' }).click();
  await expect(page.getByRole('status')).toContainText('Vault unlocked');
  await popup.reload();
  await expect(popup.getByRole('searchbox', { name: 'Search vault' })).toBeVisible();

  // A second authenticator (its own tab): its PRF output for the stored salt does not unwrap.
  await lockFromPopup(popup);
  const begun = await sendFrom(page, 'passkey/unlock-begin', {});
  if (!begun.ok) throw new Error('unlock-begin failed');
  const [stored] = begun.res.credentials as Array<{ credentialId: string; prfSalt: string }>;
  if (stored === undefined) throw new Error('no stored passkey');
  const other = await withAuthenticator(ext);
  await other.page.getByRole('button', { name: 'Unlock with a passkey' }).click();
  await expect(other.page.getByRole('alert')).toContainText('no matching passkey');
  const otherOutput = await prfOutputOn(other.page, stored.prfSalt);
  expect(await sendFrom(other.page, 'passkey/unlock', { credentialId: stored.credentialId, prfOutput: otherOutput })).toEqual({
    ok: false,
    error: expect.objectContaining({ code: 'WRONG_PASSKEY' }),
  });
  await popup.reload();
  await expect(popup.getByRole('button', { name: 'Unlock', exact: true })).toBeVisible();

  // The right authenticator's output, captured now, stops working once the passkey is removed.
  const rightOutput = await prfOutputOn(page, stored.prfSalt, stored.credentialId);
  expect(await sendFrom(page, 'passkey/unlock', { credentialId: stored.credentialId, prfOutput: rightOutput })).toEqual({ ok: true, res: {} });
  await page.reload();
  await page.getByRole('button', { name: 'Remove passkey Test key' }).click();
  await expect(page.getByRole('status')).toContainText('Passkey "Test key" removed');
  await expect(page.getByText('No passkeys yet')).toBeVisible();
  await lockFromPopup(popup);
  expect(await sendFrom(page, 'passkey/unlock', { credentialId: stored.credentialId, prfOutput: rightOutput })).toEqual({
    ok: false,
    error: expect.objectContaining({ code: 'WRONG_PASSKEY' }),
  });
  await page.reload();
  await page.getByRole('button', { name: 'Unlock with a passkey' }).click();
  await expect(page.getByRole('alert')).toContainText('No passkeys are added to this vault');

  // The master password still unlocks, and the unlock screen no longer offers a passkey.
  await popup.reload();
  await expect(popup.getByRole('button', { name: 'Unlock', exact: true })).toBeVisible();
  await expect(popup.getByRole('button', { name: 'Unlock with a passkey' })).toHaveCount(0);
  await popup.getByLabel('Master password', { exact: true }).fill(MASTER);
  await popup.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(popup.getByRole('searchbox', { name: 'Search vault' })).toBeVisible({ timeout: 30_000 });
});

test('an authenticator without PRF is told so: nothing is stored, passkey unlock and the device policy are not offered', async ({ ext }) => {
  test.setTimeout(120_000);
  const popup = await ext.openPopup();
  await popup.getByLabel('Master password', { exact: true }).fill(MASTER);
  await popup.getByLabel('Confirm master password').fill(MASTER);
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await expect(popup.getByRole('searchbox', { name: 'Search vault' })).toBeVisible({ timeout: 30_000 });

  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/extension/popup/passkeys.html`);
  const cdp = await ext.context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, hasPrf: false },
  });
  await page.getByLabel('Passkey name').fill('Old key');
  await page.getByLabel('Master password').fill(MASTER);
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page.getByRole('alert')).toHaveText('This authenticator cannot do PRF; passkey unlock is not offered');
  await page.reload();
  await expect(page.getByText('No passkeys yet')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Approving new devices' })).toContainText('Add a passkey first.');
  await lockFromPopup(popup);
  await expect(popup.getByRole('button', { name: 'Unlock with a passkey' })).toHaveCount(0);
});
