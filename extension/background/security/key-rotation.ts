/**
 * "Rotate all keys" from the security center (DESIGN.md §5, issue 11): a new user-key generation
 * sealed to every trusted device and the recovery key, then a new epoch of every collection with
 * its live items re-encrypted, through `rotateAfterRevoke` (shared/devices) with the user-key
 * rotation forced. For a suspected leak while every device is still the person's own.
 *
 * The keys it makes land in a key ring over the unlocked device bundle: each new user key and epoch
 * key is added to the bundle in memory (the engine reads it from there at once) and the bundle is
 * re-wrapped into the vault header. A worker stopped after an append resumes: `resume()` runs again
 * without forcing (no second generation), the ring learns the keys the chains seal to this device,
 * and re-encryption runs again (idempotent). Local item records stay sealed under the key they were
 * written with; only what goes to the server moves to the new epoch.
 */
import { BundleKeyRing } from '../devices/bundle-key-ring';
import { rotateAfterRevoke, type RotationReport } from '../../../shared/devices/rotate-after-revoke';
import type { ItemChange, SyncEngine } from '../../../shared/sync/engine/engine-api';
import type { SyncTransport } from '../../../shared/sync/engine/ports';
import type { SyncAccount } from '../../../shared/vault/sync-account';
import type { OpenVault, VaultHeader } from '../../../shared/vault/vault-keys';

export interface RotationAccess {
  readonly vault: OpenVault;
  readonly account: SyncAccount;
  readonly engine: SyncEngine;
  readonly transport: SyncTransport;
  readonly collection: string;
}

export interface KeyRotationDeps {
  access: () => Promise<RotationAccess>;
  putHeader: (header: VaultHeader) => Promise<void>;
  /** The whole merge state of every live item (deleted ones left out). */
  liveItems: () => Promise<readonly ItemChange[]>;
}

export type RotationPhase = 'idle' | 'user-key' | 'collections' | 're-encrypting' | 'done' | 'failed';

export interface RotationProgress {
  readonly phase: RotationPhase;
  /** Items re-encrypted so far (during and after 're-encrypting'). */
  readonly items: number;
  readonly error?: string;
}

/** Kept while a rotation runs, so a stopped worker resumes instead of forcing another generation. */
const PENDING_KEY = 'key-rotation-pending';

export function keyRotation(deps: KeyRotationDeps & { getMeta: <T>(key: string) => Promise<T | undefined>; putMeta: (key: string, value: unknown) => Promise<void> }) {
  let progress: RotationProgress = { phase: 'idle', items: 0 };
  let running: Promise<RotationReport> | null = null;

  async function run(): Promise<RotationReport> {
    const access = await deps.access();
    const resuming = (await deps.getMeta<{ at: number }>(PENDING_KEY)) !== undefined;
    await deps.putMeta(PENDING_KEY, { at: Date.now() });
    const ring = new BundleKeyRing(access.vault, { putHeader: deps.putHeader });
    const seed = access.vault.bundle.deviceSigningSeed;
    progress = { phase: 'user-key', items: 0 };
    // Delegation, not spread: the worker's transport is a class instance whose methods are on its prototype.
    const t = access.transport;
    const transport: SyncTransport = {
      identityChain: (identity, from) => t.identityChain(identity, from),
      collectionChain: (collection, from) => t.collectionChain(collection, from),
      appendCollectionEntry: (collection, entry, prev) => t.appendCollectionEntry(collection, entry, prev),
      changes: (collection, since, limit) => t.changes(collection, since, limit),
      appendBatch: (collection, batch, counter) => t.appendBatch(collection, batch, counter),
      putHeartbeat: (heartbeat) => t.putHeartbeat(heartbeat),
      heartbeats: (identity) => t.heartbeats(identity),
      appendIdentityEntry: async (identity, entry, prev) => {
        const position = await access.transport.appendIdentityEntry(identity, entry, prev);
        progress = { phase: 'collections', items: 0 };
        return position;
      },
    };
    const e = access.engine;
    // Every engine call passes through; recordChanges first saves the new keys and reports progress.
    const engine: SyncEngine = {
      ...e,
      markEpoch: async (collection) => {
        await ring.persist();
        return e.markEpoch(collection);
      },
      recordChanges: async (collection, changes) => {
        await ring.persist();
        progress = { phase: 're-encrypting', items: changes.length };
        return e.recordChanges(collection, changes);
      },
    };
    try {
      const report = await rotateAfterRevoke(
        {
          transport,
          engine,
          keys: ring,
          device: { identity: access.account.identity, device: access.account.device, seed, deviceId: access.account.device, x25519Private: access.vault.bundle.deviceX25519Private },
          liveItems: async () => deps.liveItems(),
        },
        [access.collection],
        resuming ? { reencrypt: true } : { forceUserKey: true },
      );
      await ring.persist();
      await deps.putMeta(PENDING_KEY, undefined);
      progress = { phase: 'done', items: report.reencrypted };
      return report;
    } catch (error) {
      await ring.persist().catch(() => undefined);
      progress = { phase: 'failed', items: progress.items, error: typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'INTERNAL' };
      throw error;
    }
  }

  return {
    /** Start (or resume) rotating every key; one run at a time. */
    start(): Promise<RotationReport> {
      if (running === null) progress = { phase: 'user-key', items: 0 };
      running ??= run().finally(() => {
        running = null;
      });
      return running;
    },
    progress: (): RotationProgress => progress,
  };
}

export type KeyRotation = ReturnType<typeof keyRotation>;
