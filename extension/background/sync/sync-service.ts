/**
 * Sync in the worker (DESIGN.md §6, docs/sync-extension.md): the sync account, the sync engine of
 * the unlocked vault, and the one sync run at a time that every trigger asks for.
 *
 * - Sync happens only while the vault is unlocked: the device's signing seed and the collection
 *   keys are inside the device bundle, which only the unlocked vault holds. Locking drops the
 *   engine; a run still in flight then fails with LOCKED at its next key use, never signs with a
 *   wiped key.
 * - A run first hands the local deltas the item service stored (`pending`, written with each edit
 *   in one transaction) to `engine.recordChanges`, which signs them into the outbox, then clears
 *   them; then `engine.sync` pulls, verifies, applies and pushes. A worker killed between the two
 *   steps hands the same deltas again next time: merging is idempotent, and the outbox resends its
 *   signed bytes byte for byte, so the server never holds a batch twice.
 * - Connecting creates the identity genesis, registers the account, lets the engine create and
 *   append the personal collection's genesis, seeds every item's merge state, and syncs. Each step
 *   is resumable: the sealed account (with the genesis bytes) is stored before the first request.
 */
import { toBase64url, fromBase64url } from '../../../shared/crypto/base64url';
import { createIdentityGenesis } from '../../../shared/chains/append';
import { randomBytes } from '../../../shared/crypto/random';
import { x25519PublicKey } from '../../../shared/crypto/x25519';
import { VaultError } from '../../../shared/protocol/errors';
import type { SyncStatusView } from '../../../shared/protocol/messages';
import type { SyncEngine, SyncPorts, SyncReport } from '../../../shared/sync/engine/engine-api';
import { decodeEntry, DEVICE_ID_LENGTH, entryHash } from '../../../shared/chains/entry';
import type { CollectionSyncState } from '../../../shared/sync/engine/engine-state';
import type { DeviceKeys, Environment, SyncStateStore, SyncTransport } from '../../../shared/sync/engine/ports';
import { receive, tick, type Hlc, type Stamp } from '../../../shared/sync/hlc';
import { bytesToHex } from '@noble/hashes/utils.js';
import { openSyncAccount, sealSyncAccount, syncServerOrigin, type SyncAccount } from '../../../shared/vault/sync-account';
import { personalCollectionKey, type OpenVault } from '../../../shared/vault/vault-keys';
import type { ItemService } from '../vault/item-service';
import type { VaultStore } from '../vault/ports';
import type { VaultSession } from '../vault/vault-session';
import { collectionHex, vaultDeviceKeys } from './device-keys';
import { vaultReplica, type ApplyOutcome } from './vault-replica';
import { collectionPin } from '../../../shared/devices/collection-pins';
import type { UserKeyOf } from '../../../shared/devices/collection-keys';
import type { CollectionPin } from '../../../shared/pairing/payloads';

/** The connected account as the trusted side of pairing uses it. */
export interface PairingAccess {
  readonly server: string;
  readonly identity: Uint8Array;
  readonly deviceId: Uint8Array;
  readonly seed: Uint8Array;
  readonly transport: SyncTransport;
  readonly userKeyOf: UserKeyOf;
  readonly collections: readonly CollectionPin[];
}

const ACCOUNT_KEY = 'sync-account';
const QUARANTINE_KEY = 'sync-item-quarantine';
const CLOCK_KEY = 'sync-hlc';
const RESTORED_KEY = 'sync-restored';
const RESTORED_LIMIT = 20;

interface RestoredNote {
  id: string;
  by: string;
  at: number;
}

export interface SyncServiceDeps {
  vault: VaultSession;
  items: ItemService;
  store: VaultStore;
  stateStore: SyncStateStore<CollectionSyncState> & { clear?(): Promise<void> };
  env: Environment;
  createEngine: (ports: SyncPorts) => SyncEngine;
  /** The HTTP transport of this device to the account's server (and session tokens for hints). */
  transport: (account: SyncAccount, keys: DeviceKeys) => SyncTransport & { hintToken(): Promise<string> };
  /** `POST /v1/accounts` with the identity genesis (a 409 for the same genesis is success). */
  registerAccount: (server: string, genesis: Uint8Array) => Promise<void>;
  /** Whether the extension may reach this origin (host permission). */
  hasPermission: (origin: string) => Promise<boolean>;
  /** Debounced "sync soon" after a local change, and "that run is done". */
  schedule: { soon(): void; done(): void };
  /** Told when an engine is ready (the host opens the hint socket) and when it is dropped (lock). */
  onEngine?: (engine: { server: string; collection: string; token: () => Promise<string> } | null) => void;
  /** The identity genesis made before connecting (a recovery kit names it), or null: connect makes one. */
  localIdentity?: (vault: OpenVault) => Promise<{ device: Uint8Array; identityGenesis: Uint8Array } | null>;
  /** Told after each sync run that got a report (recovery-signed alerts, a kit waiting to be registered). */
  onReport?: (report: SyncReport) => Promise<void>;
  /** The person paused sync (security center, "freeze sync"): no run pulls or pushes meanwhile. */
  paused?: () => Promise<boolean>;
  /** After each sync of a collection, with the engine's report (security events). */
  onSynced?: (observed: { collection: string; report: SyncReport | null; identity: Uint8Array; device: Uint8Array }) => Promise<void>;
  /** Told when the server refused this device (401): the removal check (devices/devices-service.ts). */
  onRefused?: () => Promise<void>;
  /**
   * Told when records were quarantined or an epoch key was missing (another device rotated): learn
   * the keys the chains hold for this device; true when any was new (then sync runs again).
   */
  onKeysMissing?: () => Promise<boolean>;
}

interface Session {
  readonly vault: OpenVault;
  readonly collection: string;
  account: SyncAccount | null;
  engine: SyncEngine | null;
  alive: boolean;
}

export function syncService(deps: SyncServiceDeps) {
  let session: Session | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let lastError: string | null = null;
  let clockTail: Promise<unknown> = Promise.resolve();

  /**
   * This device's hybrid logical clock for local edits, kept here rather than through the engine
   * (whose operations wait for a running sync): ticked for each local change, moved past every
   * stamp a sync applied. The engine moves its own clock past these stamps when it records them.
   */
  function withClock(step: (clock: Hlc) => Hlc): Promise<Hlc> {
    const run = clockTail.then(async () => {
      const next = step((await deps.store.getMeta<Hlc>(CLOCK_KEY)) ?? { wall: 0, counter: 0 });
      await deps.store.putMeta(CLOCK_KEY, next);
      return next;
    });
    clockTail = run.catch(() => undefined);
    return run;
  }

  async function localStamp(account: SyncAccount): Promise<Stamp> {
    const clock = await withClock((last) => tick(last, deps.env.now()));
    return { wall: clock.wall, counter: clock.counter, device: bytesToHex(account.device) };
  }

  deps.vault.onChange((open) => {
    if (session !== null) session.alive = false;
    session = null;
    deps.onEngine?.(null);
    if (open !== null) void syncNow();
  });

  async function saveAccount(s: Session, account: SyncAccount): Promise<void> {
    await deps.store.putMeta(ACCOUNT_KEY, sealSyncAccount(s.vault.bundleKey, s.vault.header.personalCollection, account));
    s.account = account;
  }

  async function onApplied(ids: readonly string[], outcome: ApplyOutcome): Promise<void> {
    if (outcome.newest !== null) {
      const newest = outcome.newest;
      await withClock((last) => {
        try {
          return receive(last, newest, deps.env.now());
        } catch {
          return last; // more than a day ahead: the engine quarantines such records already
        }
      });
    }
    const list = { ...((await deps.store.getMeta<Record<string, string>>(QUARANTINE_KEY)) ?? {}) };
    for (const id of ids) delete list[id];
    for (const { id, reason } of outcome.quarantined) list[id] = reason.slice(0, 100);
    await deps.store.putMeta(QUARANTINE_KEY, list);
    if (outcome.restored.length > 0) {
      const notes = [...((await deps.store.getMeta<RestoredNote[]>(RESTORED_KEY)) ?? []), ...outcome.restored.map((r) => ({ ...r, at: deps.env.now() }))];
      await deps.store.putMeta(RESTORED_KEY, notes.slice(-RESTORED_LIMIT));
    }
  }

  function startEngine(s: Session, account: SyncAccount): SyncEngine {
    const keys = vaultDeviceKeys(s.vault, account, () => s.alive);
    const transport = deps.transport(account, keys);
    const replica = vaultReplica(deps.items, onApplied);
    const engine = deps.createEngine({ transport, store: deps.stateStore, replica, keys, env: deps.env });
    s.engine = engine;
    deps.onEngine?.({ server: account.server, collection: s.collection, token: () => transport.hintToken() });
    return engine;
  }

  /** The session of the unlocked vault (LOCKED otherwise), with its account and engine. */
  async function current(): Promise<Session> {
    const vault = await deps.vault.require();
    if (session !== null && session.vault === vault) return session;
    const sealed = await deps.store.getMeta<Uint8Array>(ACCOUNT_KEY);
    // Another call made the session while this one read storage (a restore adopting its account): keep that one.
    if (session !== null && session.vault === vault) return session;
    const account = sealed instanceof Uint8Array ? openSyncAccount(vault.bundleKey, vault.header.personalCollection, sealed) : null;
    const s: Session = { vault, collection: collectionHex(vault.header.personalCollection), account, engine: null, alive: true };
    session = s;
    if (account?.collectionAppended) startEngine(s, account);
    return s;
  }

  /** Hand the stored local deltas to the engine (signed into the outbox), then forget them. */
  async function flush(s: Session, engine: SyncEngine): Promise<void> {
    const { deltas, rows } = await deps.items.pendingDeltas();
    if (deltas.size === 0) return;
    if ((await engine.status(s.collection)).frozen !== null) return;
    await engine.recordChanges(s.collection, [...deltas].map(([itemId, delta]) => ({ itemId, delta })));
    await deps.items.clearPending(rows);
  }

  async function runOnce(): Promise<void> {
    const s = await current().catch(() => null);
    if (s === null || s.engine === null || s.account === null) return;
    if ((await deps.paused?.().catch(() => false)) === true) return;
    let report: SyncReport | null = null;
    try {
      if (!(await deps.hasPermission(s.account.server))) throw new VaultError('FORBIDDEN_SENDER', 'no host permission for the sync server');
      try {
        await flush(s, s.engine);
      } catch (error) {
        // Not pinned yet (a genesis appended by an interrupted set-up): pull the chains first.
        if (!(error instanceof VaultError && error.code === 'NOT_FOUND')) throw error;
        await s.engine.sync(s.collection);
        await flush(s, s.engine);
      }
      report = await s.engine.sync(s.collection);
      lastError = report.status === 'offline' ? 'UNAVAILABLE' : null;
      await deps.onReport?.(report).catch(() => undefined);
      if (report.quarantined > 0 && (await deps.onKeysMissing?.().catch(() => false)) === true) again = true;
    } catch (error) {
      lastError = error instanceof VaultError ? error.code : 'INTERNAL';
      if (lastError === 'LOCKED' && s.alive && (await deps.onKeysMissing?.().catch(() => false)) === true) again = true;
      if (!(error instanceof VaultError)) console.error('sync failed', error instanceof Error ? error.name : typeof error);
      if (lastError === 'UNAUTHORIZED') await deps.onRefused?.().catch(() => undefined);
    }
    const observed = { collection: s.collection, report, identity: s.account.identity, device: s.account.device };
    await deps.onSynced?.(observed).catch((error: unknown) => console.error('security events failed', error instanceof VaultError ? error.code : typeof error));
  }

  /** One run at a time; a request during a run makes one more run right after it. */
  function syncNow(): Promise<void> {
    if (running !== null) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await runOnce();
        } while (again);
      } finally {
        running = null;
        deps.schedule.done();
      }
    })();
    return running;
  }

  let lastStatus: { session: Session; view: SyncStatusView } | null = null;

  /** The status; during a run, the last one with phase "syncing" (the engine answers after the run). */
  async function status(): Promise<SyncStatusView> {
    const s = await current();
    if (running !== null && lastStatus?.session === s && lastStatus.view.phase !== 'frozen') {
      return { ...lastStatus.view, phase: 'syncing', error: lastError };
    }
    const view = await freshStatus(s);
    lastStatus = { session: s, view };
    return view;
  }

  async function freshStatus(s: Session): Promise<SyncStatusView> {
    const quarantinedItems = Object.keys((await deps.store.getMeta<Record<string, string>>(QUARANTINE_KEY)) ?? {}).length;
    const restored = ((await deps.store.getMeta<RestoredNote[]>(RESTORED_KEY)) ?? []).length;
    const paused = (await deps.paused?.().catch(() => false)) === true ? { paused: true } : {};
    const base = { lastSyncAt: null, stateCode: null, frozen: null, quarantined: quarantinedItems, error: lastError, restored, ...paused };
    if (s.account === null) return { ...base, phase: 'off', server: null, pending: 0 };
    const local = await deps.items.pendingCount();
    if (s.engine === null) return { ...base, phase: 'setting-up', server: s.account.server, pending: local };
    const engineStatus = await s.engine.status(s.collection);
    const stateCode = await s.engine.stateCode([s.collection]).catch(() => null);
    const frozen = engineStatus.frozen;
    return {
      phase: frozen !== null ? 'frozen' : running !== null ? 'syncing' : 'idle',
      server: s.account.server,
      lastSyncAt: engineStatus.lastSyncAt,
      pending: engineStatus.pending + local,
      stateCode,
      frozen: frozen === null ? null : { code: frozen.code, message: frozen.message.slice(0, 500), advice: frozen.advice.slice(0, 500), at: frozen.at },
      quarantined: engineStatus.quarantined + quarantinedItems,
      error: lastError,
      restored,
      ...paused,
    };
  }

  /** Steps of "create sync account" not done yet, in order; each one safe to repeat. */
  async function connect(serverUrl: string): Promise<void> {
    const s = await current();
    const server = syncServerOrigin(serverUrl);
    if (s.account !== null && s.account.server !== server) {
      if (s.account.collectionAppended) throw new VaultError('BAD_INPUT', 'this vault already syncs with another server');
      // A set-up that never finished (a mistyped address, a server that was down): start over there.
      s.engine = null;
      s.account = null;
    }
    if (!(await deps.hasPermission(server))) throw new VaultError('FORBIDDEN_SENDER', 'no host permission for the sync server');
    const premade = s.account === null ? ((await deps.localIdentity?.(s.vault)) ?? null) : null;
    if (s.account === null && premade !== null) {
      const genesis = decodeEntry(premade.identityGenesis);
      const account = { server, identity: entryHash(premade.identityGenesis), device: premade.device, identityGenesis: premade.identityGenesis, collectionAppended: false, createdAt: genesis.body.time };
      await saveAccount(s, account);
    }
    if (s.account === null) {
      const bundle = s.vault.bundle;
      const device = randomBytes(DEVICE_ID_LENGTH);
      const userKey = bundle.userKeys.reduce((a, b) => (b.generation > a.generation ? b : a));
      const genesis = createIdentityGenesis(
        { deviceId: device, seed: bundle.deviceSigningSeed, x25519Key: x25519PublicKey(bundle.deviceX25519Private) },
        x25519PublicKey(userKey.x25519Private),
        deps.env.now(),
      );
      const account = { server, identity: genesis.hash, device, identityGenesis: genesis.bytes, collectionAppended: false, createdAt: deps.env.now() };
      await saveAccount(s, account);
    }
    const account = s.account as SyncAccount;
    if (!account.collectionAppended) {
      await deps.registerAccount(server, account.identityGenesis);
      const engine = s.engine ?? startEngine(s, account);
      const key = personalCollectionKey(s.vault);
      const pinned = await deps.stateStore.load(s.collection);
      if (pinned === undefined || pinned.chains.collection.length === 0) {
        try {
          await engine.createPersonalCollection(key.key, fromBase64url(key.collection));
        } catch (error) {
          // A genesis appended by an earlier, interrupted attempt: the next sync pulls and checks it.
          if (!(error instanceof VaultError && error.code === 'CONFLICT')) throw error;
        }
      }
      await saveAccount(s, { ...account, collectionAppended: true });
      await deps.items.seedStates(await localStamp(account));
    }
    await syncNow();
  }

  return {
    /** A stamp for a local item change, or null while there is no sync engine (item service hook). */
    async stamp(): Promise<Stamp | null> {
      const s = await current();
      return s.engine === null || s.account === null ? null : localStamp(s.account);
    },
    /** Local changes were stored: sync soon (debounced by the host). */
    changed(): void {
      deps.schedule.soon();
    },
    syncNow,
    /** A WebSocket hint: sync unless the log position is one this device already pinned (its own push). */
    async hinted(seq: number): Promise<void> {
      const s = await current().catch(() => null);
      if (s?.engine === null || s === null) return;
      if ((await s.engine.status(s.collection)).log.seq >= seq) return;
      await syncNow();
    },
    status,
    connect,
    /**
     * A device that joined an existing vault (extension/background/join/): store the account the
     * pairing gave (its collection already on the server) and start the engine; the next sync pulls.
     */
    async adoptAccount(account: SyncAccount): Promise<void> {
      const s = await current();
      if (s.account !== null) throw new VaultError('VAULT_EXISTS', 'this vault already has a sync account');
      await saveAccount(s, account);
      if (account.collectionAppended && s.engine === null) startEngine(s, account);
    },
    async approveRepin(code: string): Promise<void> {
      const s = await current();
      if (s.engine === null) throw new VaultError('NOT_FOUND', 'this vault does not sync');
      const frozen = (await s.engine.status(s.collection)).frozen;
      if (frozen === null || frozen.code !== code) throw new VaultError('CONFLICT', 'the collection is not frozen in that state any more');
      if ((await deps.paused?.()) === true) throw new VaultError('CONFLICT', 'sync is paused: resume it first');
      await s.engine.approveRepin(s.collection);
      await syncNow();
    },
    /** The person has read the "items came back" notice. */
    async dismissRestored(): Promise<void> {
      await current();
      await deps.store.putMeta(RESTORED_KEY, []);
      lastStatus = null;
    },
    /**
     * What the trusted side of pairing needs from the connected account (pairing-service.ts): the
     * server and ids, the device seed, a transport signed in as this device (for the identity chain
     * and the add-device append), the user keys by generation and the personal collection's pin.
     */
    async pairingAccess(): Promise<PairingAccess> {
      const s = await current();
      const account = s.account;
      if (account === null || !account.collectionAppended || s.engine === null) throw new VaultError('NOT_FOUND', 'connect this vault to a sync server first');
      const keys = vaultDeviceKeys(s.vault, account, () => s.alive);
      const state = await deps.stateStore.load(s.collection);
      if (state === undefined) throw new VaultError('NOT_FOUND', 'sync once before adding a device');
      const bundle = s.vault.bundle;
      return {
        server: account.server,
        identity: account.identity,
        deviceId: account.device,
        seed: keys.seed,
        transport: deps.transport(account, keys),
        userKeyOf: (generation) => {
          const key = bundle.userKeys.find((k) => k.generation === generation);
          return key === undefined ? undefined : { generation, privateKey: key.x25519Private, publicKey: x25519PublicKey(key.x25519Private) };
        },
        collections: [collectionPin(state)],
      };
    },
    /**
     * A restored device (extension/background/recovery/restore-service.ts): the account it was
     * enrolled in and the engine state its recovery run pinned (chains, log, its own batches), so the
     * engine goes on from there (its next counter) instead of starting over.
     */
    async adopt(account: SyncAccount, state: CollectionSyncState): Promise<void> {
      const s = await current();
      if (s.account !== null) throw new VaultError('VAULT_EXISTS', 'this vault already has a sync account');
      await deps.stateStore.save(s.collection, state);
      await saveAccount(s, account);
      startEngine(s, account);
      await syncNow();
    },
    /** What rotating every key needs (security center, key-rotation.ts): the open vault, account, engine and a transport as this device. */
    async rotationAccess(): Promise<{ vault: OpenVault; account: SyncAccount; engine: SyncEngine; transport: SyncTransport; collection: string }> {
      const s = await current();
      const account = s.account;
      if (account === null || !account.collectionAppended || s.engine === null) throw new VaultError('NOT_FOUND', 'connect this vault to a sync server first');
      const keys = vaultDeviceKeys(s.vault, account, () => s.alive);
      return { vault: s.vault, account, engine: s.engine, transport: deps.transport(account, keys), collection: s.collection };
    },
    /**
     * Forget the sync account on this device (after the account was deleted from the server): the
     * engine stops, the sealed account and the engine's state go; the local vault stays.
     */
    async disconnect(): Promise<void> {
      const s = await current();
      s.alive = false;
      s.engine = null;
      s.account = null;
      session = null;
      lastStatus = null;
      deps.onEngine?.(null);
      await running;
      await deps.store.putMeta(ACCOUNT_KEY, undefined);
      await deps.stateStore.clear?.();
    },
    /** What revocation and the trust view need (devices/devices-service.ts): the pairing access, the engine, the open vault. */
    async deviceAccess(): Promise<{ access: PairingAccess; engine: SyncEngine; collection: string; vault: OpenVault }> {
      const access = await this.pairingAccess();
      const s = await current();
      if (s.engine === null) throw new VaultError('NOT_FOUND', 'connect this vault to a sync server first');
      return { access, engine: s.engine, collection: s.collection, vault: s.vault };
    },
    /** The account id and device id, for logs and tests (never secret). */
    async ids(): Promise<{ identity: string; device: string } | null> {
      const s = await current();
      return s.account === null ? null : { identity: toBase64url(s.account.identity), device: toBase64url(s.account.device) };
    },
  };
}

export type SyncService = ReturnType<typeof syncService>;
