/**
 * The trust view and revocation in the worker (DESIGN.md §5 "Revocation order", §9 "Audit";
 * docs/trust-view.md):
 *
 * - `view`: the devices of the verified identity chain (shared/devices/trust-view.ts) with their
 *   verified heartbeats, this device marked, the state code, and the chain as an audit log;
 *   `exportAudit`: the chain as JSON for `npm run verify-audit` (shared/chains/audit-log.ts).
 * - `revoke`: the master password again, then revokeDevice, then rotateAfterRevoke (new user-key
 *   generation, new epoch, every live item and its history re-encrypted), with progress. The job
 *   {target, phase, done, total} is stored in the vault's meta store before each step, so a worker
 *   killed mid-rotation resumes on its next start or unlock (`resume`): every step of the rotation
 *   is idempotent and the re-encryption runs again whole (merging is idempotent). New keys go into
 *   the device bundle (bundle-key-ring.ts). Afterwards the exposure: every item the revoked device
 *   could read (shared/devices/exposed-items.ts: the personal vault, history and trash included,
 *   machine secrets first) and the devices it enrolled. Item names are never stored outside the sealed vault: the exposure is
 *   computed from the items when asked.
 * - `learnKeys`: after another device rotated, the new keys sealed to this device, into the bundle
 *   (the sync service asks when records were quarantined or an epoch key was missing).
 * - `refused`: after a 401, the removal check (shared/devices/removal-notice.ts): only a validly
 *   signed revoke-device entry for this device, verified from its pinned identity chain, wipes the
 *   local vault and leaves the notice; anything else changes nothing.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { keyOf } from '../../../shared/chains/chain-link';
import { exportAudit, auditLines } from '../../../shared/chains/audit-log';
import { servedIdentityChain } from '../../../shared/devices/chain-append';
import { exposedItems } from '../../../shared/devices/exposed-items';
import { learnKeys } from '../../../shared/devices/learn-keys';
import { confirmRemoval, type RemovalNotice } from '../../../shared/devices/removal-notice';
import { revokeDevice } from '../../../shared/devices/revoke-device';
import { rotateAfterRevoke } from '../../../shared/devices/rotate-after-revoke';
import { buildTrustView } from '../../../shared/devices/trust-view';
import { fingerprintText } from '../../../shared/pairing/fingerprint-text';
import type { ExposureView, RotationStatusView, TrustViewData } from '../../../shared/protocol/devices-messages';
import { VaultError } from '../../../shared/protocol/errors';
import { keyFingerprint } from '../../../shared/protocol/key-fingerprint';
import type { ItemChange } from '../../../shared/sync/engine/engine-api';
import type { CollectionSyncState } from '../../../shared/sync/engine/engine-state';
import type { ChainPage, SyncStateStore } from '../../../shared/sync/engine/ports';
import { view as viewOf } from '../../../shared/sync/item-merge';
import type { ItemService } from '../vault/item-service';
import type { VaultStore } from '../vault/ports';
import type { VaultSession } from '../vault/vault-session';
import type { SyncService } from '../sync/sync-service';
import { BundleKeyRing } from './bundle-key-ring';
import { renameThisDevice } from './this-device-profile';

const JOB_KEY = 'devices-rotation';
/** Device names (hex id → name) of the last trust view, so a removal notice can name the remover. */
const NAMES_KEY = 'device-names';

interface RotationJob {
  phase: 'revoking' | 'rotating' | 'done' | 'failed';
  target: string;
  targetFingerprint: string;
  done: number;
  total: number;
  error: string | null;
}

/** The removal notice kept after the vault is wiped (outside it: the vault is gone). */
export interface StoredRemovalNotice {
  readonly by: string;
  readonly claimedAt: number;
}

export interface DevicesServiceDeps {
  vault: VaultSession;
  store: VaultStore;
  sync: SyncService;
  items: ItemService;
  stateStore: SyncStateStore<CollectionSyncState>;
  /** The removal check's request (shared/protocol/client/removal-check.ts) for this account. */
  fetchAfterRefusal: (server: string, device: { identity: Uint8Array; device: Uint8Array; seed: Uint8Array }, from: number) => Promise<ChainPage>;
  /** Delete the local vault: vault database (items, merge states, sync state, meta) and session. */
  wipeLocalVault: () => Promise<void>;
  notices: { load(): Promise<StoredRemovalNotice | null>; save(notice: StoredRemovalNotice | null): Promise<void> };
  now: () => number;
}

const IDLE: RotationStatusView = { phase: 'idle', target: null, targetFingerprint: null, done: 0, total: 0, error: null, exposure: null };

export function devicesService(deps: DevicesServiceDeps) {
  let running: Promise<void> | null = null;
  /** Device names (hex id → name) from the last trust view, for the exposure list and the job. */
  const names = new Map<string, string>();

  async function loadJob(): Promise<RotationJob | null> {
    return (await deps.store.getMeta<RotationJob>(JOB_KEY)) ?? null;
  }

  async function saveJob(job: RotationJob | null): Promise<void> {
    await deps.store.putMeta(JOB_KEY, job);
  }

  async function chain() {
    const { access, engine, collection } = await deps.sync.deviceAccess();
    const served = await servedIdentityChain(access.transport, access.identity);
    return { access, engine, collection, ...served };
  }

  async function exposure(target: string): Promise<ExposureView> {
    const { state } = await chain();
    const items = exposedItems(await deps.items.all());
    const enrolled = [...state.devices.values()]
      .filter((d) => d.approvedBy?.by === 'device' && keyOf(d.approvedBy.id) === target)
      .map((d) => ({ id: keyOf(d.deviceId), fingerprint: keyFingerprint(d.signingKey), trusted: d.status === 'trusted', name: names.get(keyOf(d.deviceId)) ?? null }));
    return { items, enrolled };
  }

  async function statusOf(job: RotationJob | null): Promise<RotationStatusView> {
    if (job === null) return IDLE;
    return { ...job, exposure: job.phase === 'done' ? await exposure(job.target) : null };
  }

  async function liveItems(): Promise<ItemChange[]> {
    const ids = (await deps.items.all()).map((item) => item.id);
    const states = await deps.items.replicaStates(ids);
    return [...states].filter(([, state]) => !viewOf(state).deleted).map(([itemId, delta]) => ({ itemId, delta }));
  }

  /** Revoke (idempotent) and rotate (idempotent), telling progress into the stored job. */
  async function run(job: RotationJob, resumed: boolean): Promise<void> {
    const { access, engine, collection, vault } = await deps.sync.deviceAccess();
    const keys = new BundleKeyRing(vault, deps.store);
    const signer = { identity: access.identity, device: access.deviceId, seed: access.seed };
    try {
      await revokeDevice(access.transport, signer, hexToBytes(job.target), deps.now);
      Object.assign(job, { phase: 'rotating' });
      await saveJob(job);
      const device = { ...signer, deviceId: access.deviceId, x25519Private: vault.bundle.deviceX25519Private };
      const ports = {
        transport: access.transport,
        engine,
        keys,
        device,
        liveItems: async () => liveItems(),
        now: deps.now,
        onProgress: (progress: { done: number; total: number }) => {
          Object.assign(job, { done: progress.done, total: progress.total });
          void keys.persist().then(() => saveJob(job));
        },
      };
      await rotateAfterRevoke(ports, [collection], { reencrypt: resumed });
      await keys.persist();
      Object.assign(job, { phase: 'done', error: null });
      await saveJob(job);
      // One sync now, so the revoke and the rotations are pinned and recorded as security events
      // (the incident's record in the security center) without waiting for the next scheduled run.
      void deps.sync.syncNow().catch(() => undefined);
    } catch (error) {
      await keys.persist().catch(() => undefined);
      // LOCKED or offline: the job stays as it is and resumes on the next unlock.
      if (error instanceof VaultError && (error.code === 'LOCKED' || error.code === 'UNAVAILABLE')) return;
      Object.assign(job, { phase: 'failed', error: error instanceof VaultError ? error.code : 'INTERNAL' });
      await saveJob(job);
    }
  }

  function start(job: RotationJob, resumed: boolean): Promise<void> {
    running ??= run(job, resumed).finally(() => {
      running = null;
    });
    return running;
  }

  return {
    async view(): Promise<TrustViewData> {
      const { access, entries } = await chain();
      const { vault } = await deps.sync.deviceAccess();
      const heartbeats = await access.transport.heartbeats(access.identity).catch(() => []);
      const userKey = (generation: number) => vault.bundle.userKeys.find((k) => k.generation === generation)?.x25519Private;
      const trust = buildTrustView(access.identity, entries, heartbeats, access.deviceId, deps.now(), userKey);
      names.clear();
      for (const d of trust.devices) if (d.profile !== null) names.set(d.id, d.profile.name);
      await deps.store.putMeta(NAMES_KEY, Object.fromEntries(names)).catch(() => undefined);
      const status = await deps.sync.status().catch(() => null);
      return {
        fingerprint: fingerprintText(access.identity),
        stateCode: status?.stateCode ?? null,
        devices: trust.devices.map((d) => ({ ...d, enrolled: [...d.enrolled] })),
        audit: auditLines(entries),
      };
    },

    async exportAudit(): Promise<{ fileName: string; json: string }> {
      const { entries } = await chain();
      const date = new Date(deps.now()).toISOString().slice(0, 10);
      return { fileName: `sealed-vault-audit-${date}.json`, json: `${JSON.stringify(exportAudit(entries), null, 2)}\n` };
    },

    /** Revoke `target` (hex device id) after the master password, and start the rotation. */
    async revoke(target: string, masterPassword: string): Promise<RotationStatusView> {
      await deps.vault.confirmPassword(masterPassword);
      const current = await loadJob();
      if (running !== null || (current !== null && (current.phase === 'revoking' || current.phase === 'rotating'))) {
        throw new VaultError('CONFLICT', 'a revocation is still running');
      }
      const { access, state } = await chain();
      if (target === bytesToHex(access.deviceId)) throw new VaultError('BAD_INPUT', 'this device cannot revoke itself here');
      const record = state.devices.get(target);
      if (record === undefined || record.status !== 'trusted') throw new VaultError('NOT_FOUND', 'no trusted device with that id');
      const job: RotationJob = { phase: 'revoking', target, targetFingerprint: keyFingerprint(record.signingKey), done: 0, total: 0, error: null };
      await saveJob(job);
      void start(job, false);
      return statusOf(job);
    },

    async rotation(): Promise<RotationStatusView> {
      await deps.vault.require();
      return statusOf(await loadJob());
    },

    async dismissRotation(): Promise<RotationStatusView> {
      await deps.vault.require();
      const job = await loadJob();
      if (job !== null && (job.phase === 'done' || job.phase === 'failed')) await saveJob(null);
      return statusOf(await loadJob());
    },

    /**
     * Learn the keys the chains hold for this device (another device rotated after a revocation):
     * new user-key generations and epoch keys go into the bundle. True when any key was new.
     */
    async learnKeys(): Promise<boolean> {
      const { access, collection, vault } = await deps.sync.deviceAccess();
      const before = vault.bundle.userKeys.length + vault.bundle.collectionKeys.length;
      const keys = new BundleKeyRing(vault, deps.store);
      await learnKeys(access.transport, { identity: access.identity, deviceId: access.deviceId, x25519Private: vault.bundle.deviceX25519Private }, keys, [collection]);
      await keys.persist();
      return vault.bundle.userKeys.length + vault.bundle.collectionKeys.length > before;
    },

    /** On worker start and unlock: a job cut short (killed worker, lock, offline) runs again. */
    async resume(): Promise<void> {
      const job = await loadJob().catch(() => null);
      if (job === null || (job.phase !== 'revoking' && job.phase !== 'rotating')) return;
      await start(job, true);
    },

    /** After a 401: wipe only on a verified revocation of this device (see the module comment). */
    async refused(): Promise<RemovalNotice | null> {
      const { access, collection } = await deps.sync.deviceAccess();
      const pinned = (await deps.stateStore.load(collection))?.chains.identities[bytesToHex(access.identity)] ?? [];
      const signer = { identity: access.identity, device: access.deviceId, seed: access.seed };
      const notice = await confirmRemoval((from) => deps.fetchAfterRefusal(access.server, signer, from), access.identity, pinned, access.deviceId);
      if (notice === null) return null;
      const known = (await deps.store.getMeta<Record<string, string>>(NAMES_KEY).catch(() => undefined)) ?? {};
      const remover = notice.by.kind === 'device' ? known[bytesToHex(notice.by.device)] : undefined;
      const by =
        notice.by.kind === 'device'
          ? `device ${notice.by.fingerprint}${remover === undefined ? '' : ` (${remover})`}`
          : notice.by.fingerprint === undefined
            ? 'the recovery kit'
            : `the recovery kit (restored on device ${notice.by.fingerprint})`;
      await deps.notices.save({ by, claimedAt: notice.claimedAt });
      await deps.wipeLocalVault();
      return notice;
    },

    /** "Rename this device" (this-device-profile.ts); its next sync sends a heartbeat with the new name. */
    async rename(name: string): Promise<{ name: string; platform: string }> {
      await deps.vault.require();
      const profile = await renameThisDevice(name);
      return { ...profile };
    },

    removedNotice: () => deps.notices.load(),
    dismissRemoved: () => deps.notices.save(null),
  };
}

export type DevicesService = ReturnType<typeof devicesService>;
