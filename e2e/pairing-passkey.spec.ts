/**
 * A passkey as second factor for approving a new device (issue 12), in the real extension against a
 * real server (HTTPS, SQLite), with Chromium's CDP WebAuthn virtual authenticator (PRF). The new
 * device is played in Node, as in pairing.spec.ts. With "Require a passkey to approve new devices"
 * on: the right pick alone appends nothing; the passkey on the passkeys page then approves and the
 * add-device entry is in the server's chain. A second authenticator without the vault's credential
 * is refused by the browser, and its PRF output sent as a proof is refused by the worker: the invite
 * ends and the chain is unchanged. Turning the policy off needs the passkey too.
 */
import type { Page } from '@playwright/test';
import { Agent, fetch as undiciFetch } from 'undici';
import { deviceTrustedAt, validateIdentityChain } from '../shared/chains/identity-chain';
import { NewDeviceRelayExchange } from '../shared/devices/new-exchange';
import type { FetchLike } from '../shared/protocol/client/http-exchange';
import { PairingRelay } from '../shared/protocol/client/pairing-relay';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { expect, test } from './support/fixtures';
import { startSyncServer, type SyncServer } from './support/sync-server';
import { expectNoSeriousAxeViolations } from './support/axe';

const MASTER = 'orbit-lantern-Velvet-93-quarry';

let server: SyncServer;
let agent: Agent;
let nodeFetch: FetchLike;
let ext: ExtensionBrowser | undefined;
test.beforeAll(async () => {
  server = await startSyncServer();
  agent = new Agent({ connect: { ca: server.running.certPem } });
  nodeFetch = (url, init) => undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent }) as unknown as Promise<Response>;
});
test.afterAll(async () => {
  await ext?.close().catch(() => undefined);
  await agent.close();
  await server.close();
});

type Reply = { ok: true; res: Record<string, unknown> } | { ok: false; error: { code: string } };

async function sendFrom(page: Page, name: string, req: unknown): Promise<Reply> {
  return page.evaluate(async ([n, r]) => (await chrome.runtime.sendMessage({ name: n, req: r })) as Reply, [name, req] as const);
}

/** An extension page on the passkeys page with its own virtual authenticator (ctap2, PRF). */
async function pageWithAuthenticator(browser: ExtensionBrowser, query = ''): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/extension/popup/passkeys.html${query}`);
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, hasPrf: true },
  });
  return page;
}

/** A PRF output of a fresh credential on this page's authenticator, for `prfSalt`. */
async function foreignPrfOutput(page: Page, prfSalt: string): Promise<string> {
  return page.evaluate(async (salt) => {
    const b = (t: string) => Uint8Array.from(atob(t.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const credential = (await navigator.credentials.create({
      publicKey: {
        challenge: crypto.getRandomValues(new Uint8Array(32)),
        rp: { name: 'Other' },
        user: { id: crypto.getRandomValues(new Uint8Array(16)), name: 'other', displayName: 'Other' },
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
        extensions: { prf: { eval: { first: b(salt) } } },
      },
    })) as PublicKeyCredential;
    const first = credential.getClientExtensionResults().prf?.results?.first as ArrayBuffer;
    return btoa(String.fromCharCode(...new Uint8Array(first))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }, prfSalt);
}

function storedIdentityChain(): Uint8Array[] {
  const rows = server.db().prepare('SELECT entry FROM identity_chain_entries ORDER BY account_id, seq').all() as { entry: Buffer }[];
  return rows.map((row) => new Uint8Array(row.entry));
}

/** Settings → Devices → Add a device up to the pick; the new device (Node) waits for its approval. */
async function pickOnPopup(popup: Page) {
  await popup.reload();
  await popup.getByRole('button', { name: 'Settings' }).click();
  const devices = popup.getByRole('region', { name: 'Devices' });
  await devices.getByRole('button', { name: 'Add a device' }).click();
  await devices.getByLabel('Master password').fill(MASTER);
  await devices.getByRole('button', { name: 'Show invite' }).click();
  const text = await devices.getByLabel('Invite as text').inputValue({ timeout: 30_000 });
  const newDevice = await NewDeviceRelayExchange.start(text, (i) => new PairingRelay({ server: i.server, fetch: nodeFetch, inviteId: i.inviteId }), { clock: Date, pollSeconds: 2 });
  const sas = await newDevice.sas();
  const approval = newDevice.approval();
  approval.catch(() => undefined);
  const picker = devices.getByRole('group', { name: 'Which code does your new device show?' });
  await picker.getByRole('radio', { name: `${sas.slice(0, 3)} ${sas.slice(3)}` }).check({ timeout: 30_000 });
  await devices.getByRole('button', { name: 'Confirm' }).click();
  await expect(devices.getByRole('heading', { name: 'Confirm with a passkey' })).toBeFocused({ timeout: 30_000 });
  return { devices, newDevice, approval };
}

test('with the policy on, a new device is added only after the passkey; another authenticator is refused and the chain stays', async () => {
  test.setTimeout(180_000);
  ext = await launchWithExtension({ args: server.chromiumArgs });
  const popup = await ext.openPopup();
  await popup.getByLabel('Master password', { exact: true }).fill(MASTER);
  await popup.getByLabel('Confirm master password').fill(MASTER);
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await expect(popup.getByRole('searchbox', { name: 'Search vault' })).toBeVisible({ timeout: 30_000 });
  await popup.getByRole('button', { name: 'Settings' }).click();
  await popup.getByLabel('Sync server URL').fill(server.url);
  await popup.getByRole('button', { name: 'Create sync account' }).click();
  await expect(popup.getByRole('region', { name: 'Sync' }).getByRole('status')).toContainText(/Synced at/, { timeout: 30_000 });
  const identity = validateIdentityChain(storedIdentityChain());

  // No passkey yet: the policy is not offered, and the page says why.
  const page = await pageWithAuthenticator(ext);
  const policy = page.getByRole('region', { name: 'Approving new devices' });
  await expect(policy.getByText('Add a passkey first.', { exact: false })).toBeVisible();
  await expect(policy.getByRole('button')).toHaveCount(0);

  await page.getByLabel('Passkey name').fill('Laptop key');
  await page.getByLabel('Master password').fill(MASTER);
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page.getByRole('status')).toContainText('Passkey "Laptop key" added');
  await policy.getByRole('button', { name: 'Require a passkey to approve new devices' }).click();
  await expect(policy.getByRole('status')).toHaveText('New devices now need a passkey to be approved here.');
  await expect(policy.getByRole('button', { name: 'Stop requiring a passkey' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  // The right pick alone adds nothing; the popup sends the person to a tab for the passkey.
  const first = await pickOnPopup(popup);
  await expectNoSeriousAxeViolations(popup);
  const tab = ext.context.waitForEvent('page');
  await first.devices.getByRole('button', { name: 'Continue with a passkey' }).click();
  const opened = await tab;
  await expect(opened).toHaveURL(/extension\/popup\/passkeys\.html\?approve-device$/);
  await opened.close();
  expect(storedIdentityChain()).toHaveLength(1);

  await page.goto(`chrome-extension://${ext.extensionId}/extension/popup/passkeys.html?approve-device`);
  const approval = page.getByRole('region', { name: 'Approve a new device' });
  await expectNoSeriousAxeViolations(page);
  await approval.getByRole('button', { name: 'Approve with a passkey' }).click();
  await expect(approval.getByRole('status')).toHaveText('Device added. Your new device can now finish joining.', { timeout: 30_000 });
  const joined = await first.approval;
  const chain = validateIdentityChain(storedIdentityChain(), identity.identityId);
  expect(chain.length).toBe(2);
  expect(deviceTrustedAt(chain, joined.device.deviceId, chain.length - 1)).toBeDefined();

  // Another authenticator: the browser finds no passkey of this vault on it, and the invite waits.
  const second = await pickOnPopup(popup);
  const other = await pageWithAuthenticator(ext, '?approve-device');
  const otherApproval = other.getByRole('region', { name: 'Approve a new device' });
  await otherApproval.getByRole('button', { name: 'Approve with a passkey' }).click();
  await expect(otherApproval.getByRole('alert')).toContainText('no matching passkey');
  expect(await sendFrom(other, 'pairing/status', {})).toMatchObject({ ok: true, res: { phase: 'passkey' } });

  // Its PRF output for the stored salt, sent as a proof for the stored credential: the worker refuses.
  const begun = await sendFrom(other, 'passkey/unlock-begin', {});
  if (!begun.ok) throw new Error('unlock-begin failed');
  const [stored] = begun.res.credentials as Array<{ credentialId: string; prfSalt: string }>;
  if (stored === undefined) throw new Error('no stored passkey');
  const forged = { credentialId: stored.credentialId, prfOutput: await foreignPrfOutput(other, stored.prfSalt) };
  expect(await sendFrom(other, 'pairing/approve-passkey', forged)).toMatchObject({ ok: true, res: { phase: 'failed', error: { code: 'WRONG_PASSKEY' } } });
  await other.reload();
  await expect(otherApproval.getByRole('alert')).toHaveText('That passkey is not one of this vault’s passkeys, so no device was added. Make a new invite.');
  await expect(second.approval).rejects.toBeDefined();
  expect(storedIdentityChain()).toHaveLength(2);

  // Turning the policy off needs the passkey: a forged proof is refused, the real one works.
  expect(await sendFrom(other, 'pairing/policy-set', { requirePasskey: false, proof: forged })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSKEY' } });
  expect(await sendFrom(other, 'pairing/policy-get', {})).toMatchObject({ ok: true, res: { requirePasskey: true } });
  await page.goto(`chrome-extension://${ext.extensionId}/extension/popup/passkeys.html`);
  await policy.getByRole('button', { name: 'Stop requiring a passkey' }).click();
  await expect(policy.getByRole('status')).toHaveText('New devices no longer need a passkey to be approved here.');
});
