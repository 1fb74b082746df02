/**
 * The new device's vault after an accepted approval (DESIGN.md §7, docs/pairing.md §5 and §19): the
 * same stored state a device that created its vault and connected sync has (header, device bundle,
 * sealed sync account, items with their merge states, the engine's pins), written whole or not at all.
 *
 *   1. completeJoin: the identity chain from the server is confirmed against the approval's pins,
 *      the user keys and each pinned collection's epoch keys are opened (shared/devices/join-device.ts);
 *   2. the device bundle (this device's keys, those user keys and collection keys) is sealed under
 *      this browser's own master password (shared/vault/joined-vault-keys.ts);
 *   3. in the STAGING database, a vault session, item service and sync service like the real ones
 *      run the first sync (chains pinned, batches verified and applied);
 *   4. checkCollectionPin: what the engine pinned holds the heads the trusted device handed over;
 *   5. promote: one IndexedDB transaction copies it all into the real database (refused if a vault
 *      appeared meanwhile), then the real vault is opened with the bundle key.
 * Any failure before 5 leaves the real database untouched (the staging one is cleared on the next
 * try). Refuses with the codes of those steps (FORK, ROLLBACK, UNTRUSTED_WRITER, BAD_CHAIN, LOCKED,
 * UNAVAILABLE, VAULT_EXISTS, …); the first sync's failure is reported with the engine's code.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import type { KdfParams } from '../../../shared/crypto/argon2id';
import { toBase64url } from '../../../shared/crypto/base64url';
import { wipeBundle, type DeviceBundle } from '../../../shared/crypto/key-bundle';
import { wipe } from '../../../shared/crypto/wipe';
import { checkCollectionPin } from '../../../shared/devices/collection-pins';
import { completeJoin } from '../../../shared/devices/join-device';
import { KeyRing } from '../../../shared/devices/key-ring';
import type { JoinedDevice } from '../../../shared/pairing/new-side';
import { ERROR_CODES, VaultError, type ErrorCode } from '../../../shared/protocol/errors';
import type { SyncEngine, SyncPorts } from '../../../shared/sync/engine/engine-api';
import type { CollectionSyncState } from '../../../shared/sync/engine/engine-state';
import type { DeviceKeys, Environment, SyncStateStore, SyncTransport } from '../../../shared/sync/engine/ports';
import type { SyncAccount } from '../../../shared/vault/sync-account';
import { joinedVaultKeys } from '../../../shared/vault/joined-vault-keys';
import type { OpenVault } from '../../../shared/vault/vault-keys';
import { syncService } from '../sync/sync-service';
import { itemService } from '../vault/item-service';
import type { SessionState, SessionStore, VaultStore } from '../vault/ports';
import { vaultSession } from '../vault/vault-session';

export interface JoinVaultDeps {
  /** This device's HTTP transport (transport-factory.ts `httpTransportFor`). */
  transport: (account: SyncAccount, keys: DeviceKeys) => SyncTransport & { hintToken(): Promise<string> };
  hasPermission: (origin: string) => Promise<boolean>;
  env: Environment;
  createEngine: (ports: SyncPorts) => SyncEngine;
  kdfParams?: () => KdfParams;
  /** The staging database's stores, and its clear and promote (storage/vault-db-staging.ts). */
  staging: {
    store: VaultStore;
    stateStore: SyncStateStore<CollectionSyncState>;
    clear(): Promise<void>;
    promote(): Promise<void>;
  };
  /** Open the real (just promoted) vault with its bundle key. */
  open(bundleKey: Uint8Array): Promise<void>;
}

export const JOIN_STEPS = 5;
export type JoinProgress = (step: number, label: string) => void;

/** Memory-only session store of the staging vault. */
function stagingSession(): SessionStore {
  let state: SessionState | null = null;
  return {
    load: async () => (state === null ? null : { bundleKey: new Uint8Array(state.bundleKey), deadline: state.deadline }),
    save: async (next) => void (state = { bundleKey: new Uint8Array(next.bundleKey), deadline: next.deadline }),
    clear: async () => void (state = null),
  };
}

function asCode(code: string): ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'INTERNAL';
}

export async function writeJoinedVault(joined: JoinedDevice, password: string, deps: JoinVaultDeps, progress: JoinProgress): Promise<void> {
  progress(1, "Checking the vault's history on the server");
  const pin = joined.collections[0];
  if (pin === undefined) throw new VaultError('BAD_INPUT', 'the approval names no collection to sync');
  const ring = new KeyRing();
  const keys = ring.deviceKeys({ identity: joined.identity, device: joined.device.deviceId, seed: joined.device.seed });
  const draft: SyncAccount = {
    server: joined.server,
    identity: joined.identity,
    device: joined.device.deviceId,
    identityGenesis: new Uint8Array(0),
    collectionAppended: true,
    createdAt: deps.env.now(),
  };
  if (!(await deps.hasPermission(joined.server))) throw new VaultError('FORBIDDEN_SENDER', 'no host permission for the sync server');
  const transport = deps.transport(draft, keys);
  let genesis: Uint8Array | undefined;
  const join = await completeJoin(joined, {
    identityChain: async (identity, from) => {
      const page = await transport.identityChain(identity, from);
      if (from === 0) genesis = page.entries[0];
      return page;
    },
    collectionChain: (collection, from) => transport.collectionChain(collection, from),
  });
  if (genesis === undefined) throw new VaultError('BAD_CHAIN', 'the served identity chain is empty');

  progress(2, 'Protecting this browser with your master password');
  const personalCollection = toBase64url(pin.collection);
  const bundle: DeviceBundle = {
    deviceSigningSeed: new Uint8Array(joined.device.seed),
    deviceX25519Private: new Uint8Array(joined.device.x25519Private),
    userKeys: join.userKeys.map((k) => ({ generation: k.generation, x25519Private: new Uint8Array(k.privateKey) })),
    collectionKeys: join.collections.flatMap((c) =>
      [...c.epochKeys].sort(([a], [b]) => a - b).map(([epoch, key]) => ({ collection: toBase64url(c.pin.collection), epoch, key: new Uint8Array(key) })),
    ),
  };
  const vault: OpenVault = await joinedVaultKeys(password, bundle, personalCollection, deps.kdfParams?.());
  const account: SyncAccount = { ...draft, identityGenesis: genesis };

  progress(3, 'Downloading and decrypting your items');
  await deps.staging.clear();
  const { store, stateStore } = deps.staging;
  await store.putHeader(vault.header);
  const session = stagingSession();
  await session.save({ bundleKey: vault.bundleKey, deadline: deps.env.now() + 60 * 60_000 });
  const staged = vaultSession({ store, session, now: () => deps.env.now(), autoLockMinutes: async () => 60, onDeadline: () => {} });
  const items = itemService({ vault: staged, store, now: () => deps.env.now(), sync: { stamp: async () => null, changed: () => {} } });
  const sync = syncService({
    vault: staged,
    items,
    store,
    stateStore,
    env: deps.env,
    createEngine: deps.createEngine,
    transport: deps.transport,
    registerAccount: async () => {
      throw new VaultError('INTERNAL', 'a joined device never registers an account');
    },
    hasPermission: deps.hasPermission,
    schedule: { soon: () => {}, done: () => {} },
  });
  try {
    if ((await staged.resume()) === null) throw new VaultError('INTERNAL', 'the staged vault did not open');
    await sync.adoptAccount(account);
    await sync.syncNow();
    const status = await sync.status();
    if (status.frozen !== null) throw new VaultError(asCode(status.frozen.code), `the first sync stopped: ${status.frozen.message}`);
    if (status.error !== null) throw new VaultError(asCode(status.error), 'the first sync failed');

    progress(4, 'Checking that the server showed the same history as your other device');
    for (const c of join.collections) {
      const state = await stateStore.load(bytesToHex(c.pin.collection));
      if (state === undefined) throw new VaultError('NOT_FOUND', 'the first sync pinned nothing');
      checkCollectionPin(state, c.pin);
    }
  } finally {
    await staged.lock();
  }

  progress(5, 'Saving the vault in this browser');
  await deps.staging.promote();
  await deps.staging.clear().catch(() => undefined);
  try {
    await deps.open(vault.bundleKey);
  } finally {
    wipeBundle(vault.bundle);
    wipe(vault.bundleKey);
  }
}
