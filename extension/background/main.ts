/**
 * The background service worker's composition root: builds the stores and services, wires the
 * message router to chrome.runtime messaging, auto-lock to chrome.alarms and chrome.idle, and
 * warms Argon2id's WebAssembly so the first unlock is fast. Keys live here only.
 */
import browser from 'webextension-polyfill';
import { warmArgon2 } from '../../shared/crypto/argon2id';
import { appStatusHandler } from './handlers/app-status';
import { installClipboardClearing } from './clipboard';
import { clipboardHandlers } from './handlers/clipboard';
import { autofillHandlers } from './handlers/autofill';
import { generatorHandlers } from './handlers/generator';
import { importExportHandlers } from './handlers/import-export';
import { itemHandlers } from './handlers/items';
import { passkeyHandlers } from './handlers/passkeys';
import { vaultHandlers } from './handlers/vault';
import { captureService } from './autofill/capture-service';
import { installFillEntryPoints, sendToFrame } from './autofill/chrome-autofill';
import { fillService } from './autofill/fill-service';
import { frameRegistry, type FrameInfo } from './autofill/frame-registry';
import { lastUsedMap } from './autofill/last-used';
import { createRouter } from './router';
import { indexedDbVaultStore } from './storage/indexeddb-vault-store';
import { chromeSessionStore } from './storage/session-store';
import { applyIdleDetection, installAutoLock, scheduleAutoLock } from './vault/auto-lock';
import { itemService } from './vault/item-service';
import { passkeyService } from './vault/passkey-service';
import { masterPasswordProblem } from './vault/password-policy';
import { settingsStore } from './vault/settings';
import { vaultSession } from './vault/vault-session';
import { createSyncEngine } from '../../shared/sync/engine/sync-engine';
import type { CollectionSyncState } from '../../shared/sync/engine/engine-state';
import { syncHandlers } from './handlers/sync';
import { hintSocket } from './sync/hint-socket';
import { browserEnvironment } from './sync/browser-environment';
import { indexedDbSyncStateStore } from './sync/indexeddb-sync-state-store';
import { syncService, type SyncService } from './sync/sync-service';
import { installSyncAlarms, syncSchedule } from './sync/sync-triggers';
import { accountClientOptions, httpTransportFor, pairingRelayFor, registerAccount, workerFetch } from './sync/transport-factory';
import { pairingHandlers } from './handlers/pairing';
import { pairingService } from './pairing/pairing-service';
import { chromeSessionSnapshots } from './pairing/session-snapshots';
import { deviceHandlers } from './handlers/devices';
import { devicesService } from './devices/devices-service';
import { chromeRemovalNotices, localVaultWipe } from './devices/local-wipe';
import { fetchChainAfterRefusal } from '../../shared/protocol/client/removal-check';
import { joinHandlers } from './handlers/join';
import { chromeJoinSnapshots } from './join/join-snapshots';
import { joinService } from './join/join-service';
import { writeJoinedVault } from './join/join-vault';
import { clearVaultDb, promoteVaultDb, STAGING_DB_NAME } from './storage/vault-db-staging';
import { pairingPasskeyHandlers } from './handlers/pairing-passkey';
import { pairingPolicy } from './vault/pairing-policy';
import { backupHandlers } from './handlers/backups';
import { installBackupAlarm } from './backup/backup-alarm';
import { backupService } from './backup/backup-service';
import { indexedDbBackupStore } from './backup/backup-store';
import { recoveryHandlers } from './handlers/recovery';
import { kitRecords } from './recovery/kit-records';
import { kitService } from './recovery/kit-service';
import { recoveryAlerts } from './recovery/recovery-alert';
import { restoreService } from './recovery/restore-service';
import { securityHandlers } from './handlers/security';
import { accountService } from './security/account-service';
import { installSecurityNotifications, showNotification, wakeAt } from './security/chrome-notifier';
import { securityService } from './security/security-service';
import { keyRotation } from './security/key-rotation';
import { eraseVaultDatabase } from './storage/erase-vault';
import { fetchAccountData, deleteAccount } from '../../shared/protocol/client/account-data';

const now = () => Date.now();
const store = indexedDbVaultStore();
const settings = settingsStore(store);
const vault = vaultSession({
  store,
  session: chromeSessionStore(),
  now,
  autoLockMinutes: async () => (await settings.get()).autoLockMinutes,
  onDeadline: scheduleAutoLock,
});
const recoveryRecords = kitRecords(store);
const alerts = recoveryAlerts(store, now);
// The item service stamps local changes through sync, which reads and applies items through it.
const late: { sync?: SyncService } = {};
const hints = hintSocket((seq) => void late.sync?.hinted(seq));
const items = itemService({
  vault,
  store,
  now,
  sync: { stamp: async () => (late.sync === undefined ? null : late.sync.stamp()), changed: () => late.sync?.changed() },
});
const syncStates = indexedDbSyncStateStore<CollectionSyncState>();
const security = securityService({ vault, store, stateStore: syncStates, now, notify: showNotification, wakeAt });
const devicesLate: { devices?: { refused(): Promise<unknown>; learnKeys(): Promise<boolean> } } = {};
const syncing = syncService({
  vault,
  items,
  store,
  stateStore: syncStates,
  env: browserEnvironment,
  createEngine: (ports) => createSyncEngine(ports),
  transport: httpTransportFor,
  registerAccount: (server, genesis) => registerAccount(server, genesis),
  hasPermission: (origin) => chrome.permissions.contains({ origins: [`${origin}/*`] }),
  schedule: syncSchedule(() => void late.sync?.syncNow()),
  onEngine: (engine) => hints.watch(engine),
  localIdentity: (open) => recoveryRecords.localIdentity(open),
  onReport: async (report) => {
    await alerts.noteReport(report);
    await kits.register();
  },
  paused: async () => (await security.paused()) !== null,
  onSynced: async (observed) => void (await security.observe(observed)),
  onRefused: async () => void (await devicesLate.devices?.refused()),
  onKeysMissing: async () => (await devicesLate.devices?.learnKeys()) ?? false,
});
late.sync = syncing;
const policy = pairingPolicy({ store, vault, now });
const devices = devicesService({
  vault,
  store,
  sync: syncing,
  items,
  stateStore: syncStates,
  fetchAfterRefusal: (server, device, from) =>
    fetchChainAfterRefusal({ server, fetch: (url, init) => fetch(url, { ...init, credentials: 'omit', cache: 'no-store' }) }, device, from),
  wipeLocalVault: localVaultWipe(vault),
  notices: chromeRemovalNotices,
  now,
});
devicesLate.devices = devices;
vault.onChange((open) => {
  if (open !== null) void devices.resume();
});
const pairing = pairingService({
  secondFactor: policy,
  confirmPassword: (password) => vault.confirmPassword(password),
  access: () => syncing.pairingAccess(),
  relay: pairingRelayFor,
  snapshots: chromeSessionSnapshots(),
  clock: { now },
});
vault.onChange((open) => {
  if (open === null) void pairing.locked();
});
// The new device's side of pairing: its vault is staged in another database until the join completes.
const joinStaging = { store: indexedDbVaultStore(STAGING_DB_NAME), stateStore: indexedDbSyncStateStore<CollectionSyncState>(STAGING_DB_NAME), clear: () => clearVaultDb(), promote: () => promoteVaultDb() };
const joining = joinService({
  vaultExists: async () => (await store.getHeader()) !== undefined,
  relay: pairingRelayFor,
  snapshots: chromeJoinSnapshots(),
  masterPasswordProblem,
  write: (joined, password, progress) =>
    writeJoinedVault(
      joined,
      password,
      {
        transport: httpTransportFor,
        hasPermission: (origin) => chrome.permissions.contains({ origins: [`${origin}/*`] }),
        env: browserEnvironment,
        createEngine: (ports) => createSyncEngine(ports),
        staging: joinStaging,
        open: async (bundleKey) => {
          await chromeSessionStore().save({ bundleKey, deadline: now() + (await settings.get()).autoLockMinutes * 60_000 });
          await vault.resume();
        },
      },
      progress,
    ),
  clock: { now },
});
const passkeys = passkeyService({ store, vault, now, policy });
const backups = backupService({ vault, items, meta: store, backups: indexedDbBackupStore(), now });
vault.onChange((open) => (open === null ? undefined : void backups.runScheduled().catch(() => undefined)));
const kits = kitService({
  vault,
  store,
  records: recoveryRecords,
  access: () => syncing.pairingAccess(),
  accountIdentity: async () => (await syncing.ids())?.identity ?? null,
  now,
  random: Math.random,
});
vault.onChange((open) => (open === null ? kits.locked() : undefined));
const restore = restoreService({
  vaultState: () => vault.state(),
  adoptVault: (open) => vault.adopt(open),
  applyItems: (merged) => items.applyMerged(merged),
  adoptAccount: (account, state) => syncing.adopt(account, state),
  records: recoveryRecords,
  fetch: workerFetch,
  hasPermission: (origin) => chrome.permissions.contains({ origins: [`${origin}/*`] }),
  masterPasswordProblem,
  env: browserEnvironment,
});
const rotation = keyRotation({
  access: () => syncing.rotationAccess(),
  putHeader: (header) => store.putHeader(header),
  liveItems: async () => {
    const states = await items.replicaStates((await items.all()).map((item) => item.id));
    return [...states].map(([itemId, delta]) => ({ itemId, delta }));
  },
  getMeta: (key) => store.getMeta(key),
  putMeta: (key, value) => store.putMeta(key, value),
});
const account = accountService({
  confirmPassword: (password) => vault.confirmPassword(password),
  access: () => syncing.pairingAccess(),
  options: accountClientOptions,
  fetchData: fetchAccountData,
  deleteAccount,
  disconnect: () => syncing.disconnect(),
  erase: async () => {
    await security.forget();
    await vault.lock();
    await eraseVaultDatabase();
    await chrome.storage.local.remove(LAST_USED_KEY);
  },
});

const FRAMES_KEY = 'autofill.frames';
const LAST_USED_KEY = 'autofill.lastUsed';
const registry = frameRegistry({
  load: async () => ((await chrome.storage.session.get(FRAMES_KEY))[FRAMES_KEY] ?? {}) as Record<string, FrameInfo[]>,
  save: (tabs) => chrome.storage.session.set({ [FRAMES_KEY]: tabs }),
});
const lastUsed = lastUsedMap(
  {
    load: async () => ((await chrome.storage.local.get(LAST_USED_KEY))[LAST_USED_KEY] ?? {}) as Record<string, number>,
    save: (map) => chrome.storage.local.set({ [LAST_USED_KEY]: map }),
  },
  now,
);
const logins = () => items.activeLogins();
const fill = fillService({ registry, lastUsed, logins, sendToFrame });
const capture = captureService({ registry, logins, save: (draft) => items.save(draft), now });
vault.onChange((open) => (open === null ? capture.clear() : undefined));

const router = createRouter(
  {
    'app/status': appStatusHandler({ version: browser.runtime.getManifest().version, vaultState: () => vault.state() }),
    ...vaultHandlers({ vault, settings, masterPasswordProblem, onSettingsChanged: () => applyIdleDetection(settings) }),
    ...passkeyHandlers(passkeys),
    ...itemHandlers(items),
    ...generatorHandlers(),
    ...clipboardHandlers(settings),
    ...importExportHandlers({ vault, items, now }),
    ...syncHandlers(syncing),
    ...pairingHandlers(pairing),
    ...deviceHandlers(devices),
    ...joinHandlers(joining),
    ...pairingPasskeyHandlers(pairing, policy),
    ...backupHandlers(backups),
    ...recoveryHandlers({ kit: kits, alerts, restore }),
    ...securityHandlers({ security, account, sync: syncing, rotation }),
    ...autofillHandlers({ registry, fill, capture, countCandidates: (pageUrl) => items.countForPage(pageUrl) }),
  },
  browser.runtime.id,
);

browser.runtime.onMessage.addListener(async (message: unknown, sender: browser.Runtime.MessageSender) => {
  const reply = await router.handle(message, sender);
  // Activity keeps the vault open; the popup's periodic sync status is not activity.
  const polled = typeof message === 'object' && message !== null && (message as { name?: unknown }).name === 'sync/status';
  if (reply.ok && sender.tab === undefined && !polled) void vault.touch();
  return reply;
});
installFillEntryPoints(fill, {
  registry,
  tab: (tabId) => {
    fill.forgetTab(tabId);
    capture.forgetTab(tabId);
  },
});
installAutoLock(() => vault.lock(), () => vault.resume(), settings);
installClipboardClearing();
installBackupAlarm(() => void backups.runScheduled().catch(() => undefined));
installSecurityNotifications(() => void security.notifyDue());
installSyncAlarms(() => void vault.resume().then((open) => (open === null ? undefined : syncing.syncNow())));
// Start-up while unlocked (a restarted worker): resuming the session triggers a sync.
void vault.resume();
void warmArgon2();
