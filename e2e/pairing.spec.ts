/**
 * Pairing, the trusted side in the real extension (DESIGN.md §7, issue 6), against a real server
 * over HTTPS on SQLite. The person connects the vault, opens Settings → Devices → Add a device,
 * re-enters the master password (a wrong one is refused), and sees the invite as a QR code and as
 * text. The NEW device is played by the test process in Node (NewDevicePairing over PairingRelay,
 * as harness/devices does): it sends its hello and reveal; the person picks, in the popup, the code
 * the new device shows; the server's identity chain then holds the add-device entry for exactly
 * the new device, and the new device receives the approval.
 */
import type { Page } from '@playwright/test';
import { Agent, fetch as undiciFetch } from 'undici';
import { deviceTrustedAt, validateIdentityChain } from '../shared/chains/identity-chain';
import { NewDeviceRelayExchange } from '../shared/devices/new-exchange';
import { decodeInvite } from '../shared/pairing/invite';
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
test.beforeAll(async () => {
  server = await startSyncServer();
  agent = new Agent({ connect: { ca: server.running.certPem } });
  nodeFetch = (url, init) => undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent }) as unknown as Promise<Response>;
});
test.afterAll(async () => {
  await agent.close();
  await server.close();
});

const opened: ExtensionBrowser[] = [];
test.afterEach(async () => {
  for (const ext of opened.splice(0)) await ext.close().catch(() => undefined);
});

async function createVaultAndConnect(page: Page) {
  await page.getByLabel('Master password', { exact: true }).fill(MASTER);
  await page.getByLabel('Confirm master password').fill(MASTER);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByRole('searchbox', { name: 'Search vault' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Sync server URL').fill(server.url);
  await page.getByRole('button', { name: 'Create sync account' }).click();
  const sync = page.getByRole('region', { name: 'Sync' });
  await expect(sync.getByRole('status')).toContainText(/Synced at .* · 0 changes waiting/, { timeout: 30_000 });
}

/** The identity chain as the server stores it (entry bytes in seq order). */
function storedIdentityChain(): Uint8Array[] {
  const rows = server.db().prepare('SELECT entry FROM identity_chain_entries ORDER BY account_id, seq').all() as { entry: Buffer }[];
  return rows.map((row) => new Uint8Array(row.entry));
}

test('adds a device: master password again, QR and invite text, the code the new device shows picked here, add-device in the chain', async () => {
  test.setTimeout(120_000);
  const ext = await launchWithExtension({ args: server.chromiumArgs });
  opened.push(ext);
  const page = await ext.openPopup();
  await createVaultAndConnect(page);
  const genesis = storedIdentityChain();
  expect(genesis).toHaveLength(1);
  const identity = validateIdentityChain(genesis);

  const devices = page.getByRole('region', { name: 'Devices' });
  await devices.getByRole('button', { name: 'Add a device' }).click();
  await expect(devices.getByRole('heading', { name: 'Confirm it is you' })).toBeFocused();
  await devices.getByLabel('Master password').fill('not-the-master-password');
  await devices.getByRole('button', { name: 'Show invite' }).click();
  await expect(devices.getByRole('alert')).toHaveText('That master password is not right. No invite was made.');
  await expect(devices.getByRole('img')).toHaveCount(0);

  await devices.getByLabel('Master password').fill(MASTER);
  await devices.getByRole('button', { name: 'Show invite' }).click();
  await expect(devices.getByRole('heading', { name: 'Scan this on your new device' })).toBeFocused({ timeout: 30_000 });
  await expect(devices.getByRole('img', { name: 'QR code of the invite for your new device' })).toBeVisible();
  await expect(devices.getByText(/Expires in [45]:\d\d/)).toBeVisible();
  const text = await devices.getByLabel('Invite as text').inputValue();
  expect(text.startsWith('vault-pair:v1:')).toBe(true);
  const invite = decodeInvite(text);
  expect(invite.server).toBe(server.url);
  expect(Buffer.from(invite.fingerprint).toString('hex')).toBe(Buffer.from(identity.identityId).toString('hex'));
  await expectNoSeriousAxeViolations(page);

  // The new device, in Node: hello, then (after the offer) reveal; it shows `sas`.
  const newDevice = await NewDeviceRelayExchange.start(text, (i) => new PairingRelay({ server: i.server, fetch: nodeFetch, inviteId: i.inviteId }), { clock: Date, pollSeconds: 2 });
  const sas = await newDevice.sas();
  const approval = newDevice.approval();

  const picker = devices.getByRole('group', { name: 'Which code does your new device show?' });
  await expect(devices.getByRole('heading', { name: 'Which code does your new device show?' })).toBeFocused({ timeout: 30_000 });
  await expect(picker.getByRole('radio')).toHaveCount(4);
  await expect(picker.getByRole('radio', { name: 'None of these' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await picker.getByRole('radio', { name: `${sas.slice(0, 3)} ${sas.slice(3)}` }).check();
  await devices.getByRole('button', { name: 'Confirm' }).click();
  await expect(devices.getByRole('heading', { name: 'Device added' })).toBeFocused({ timeout: 30_000 });

  const joined = await approval;
  const chain = validateIdentityChain(storedIdentityChain(), identity.identityId);
  expect(chain.length).toBe(2);
  const added = deviceTrustedAt(chain, joined.device.deviceId, chain.length - 1);
  expect(added).toBeDefined();
  expect(Buffer.from(added?.signingKey ?? []).equals(Buffer.from(newDevice.pairing.snapshot.facts.newDevice?.signingKey ?? [1]))).toBe(true);
});
