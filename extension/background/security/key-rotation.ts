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
import { hexToBytes } from '@noble/hashes/utils.js';
import { toBase64url } from '../../../shared/crypto/base64url';
import { wrapBundle } from '../../../shared/crypto/key-bundle';
import { x25519PublicKey } from '../../../shared/crypto/x25519';
import { KeyRing } from '../../../shared/devices/key-ring';
import { rotateAfterRevoke, type RotationReport } from '../../../shared/devices/rotate-after-revoke';
import type { UserKeyPair } from '../../../shared/pairing/user-key-seal';
import type { ItemChange, SyncEngine } from '../../../shared/sync/engine/engine-api';
import type { SyncTransport } from '../../../shared/sync/engine/ports';
import type { SyncAccount } from '../../../shared/vault/sync-account';
import type { OpenVault, VaultHeader } from '../../../shared/vault/vault-keys';
import { collectionHex } from '../sync/device-keys';

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

/** A key ring seeded from the bundle whose new keys go into the bundle too (then saved by `save`). */
class BundleKeyRing extends KeyRing {
  dirty = false;
  constructor(private readonly vault: OpenVault) {
    super();
    for (const key of vault.bundle.userKeys) super.addUserKey({ generation: key.generation, privateKey: key.x25519Private, publicKey: x25519PublicKey(key.x25519Private) });
    for (const key of vault.bundle.collectionKeys) super.addEpochKey(collectionHex(key.collection), key.epoch, key.key);
  }
  override addUserKey(pair: UserKeyPair): void {
    super.addUserKey(pair);
    if (this.vault.bundle.userKeys.some((k) => k.generation === pair.generation)) return;
    this.vault.bundle.userKeys.push({ generation: pair.generation, x25519Private: new Uint8Array(pair.privateKey) });
    this.dirty = true;
  }
  override addEpochKey(collection: string, epoch: number, key: Uint8Array): void {
    super.addEpochKey(collection, epoch, key);
    const named = toBase64url(hexToBytes(collection));
    if (this.vault.bundle.collectionKeys.some((k) => k.collection === named && k.epoch === epoch)) return;
    this.vault.bundle.collectionKeys.push({ collection: named, epoch, key: new Uint8Array(key) });
    this.dirty = true;
  }
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

  async function save(ring: BundleKeyRing, vault: OpenVault): Promise<void> {
    if (!ring.dirty) return;
    ring.dirty = false;
    const header: VaultHeader = { ...vault.header, sealedBundle: wrapBundle(vault.bundleKey, vault.bundle, vault.header.kdf) };
    await deps.putHeader(header);
    vault.header = header;
  }

  async function run(): Promise<RotationReport> {
    const access = await deps.access();
    const resuming = (await deps.getMeta<{ at: number }>(PENDING_KEY)) !== undefined;
    await deps.putMeta(PENDING_KEY, { at: Date.now() });
    const ring = new BundleKeyRing(access.vault);
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
    const engine: SyncEngine = {
      stamp: (collection) => e.stamp(collection),
      status: (collection) => e.status(collection),
      stateCode: (collections) => e.stateCode(collections),
      approveRepin: (collection) => e.approveRepin(collection),
      createPersonalCollection: (key, id) => e.createPersonalCollection(key, id),
      sync: (collection) => e.sync(collection),
      writeCheckpoint: (collection) => e.writeCheckpoint(collection),
      recordChanges: async (collection, changes) => {
        await save(ring, access.vault);
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
      await save(ring, access.vault);
      await deps.putMeta(PENDING_KEY, undefined);
      progress = { phase: 'done', items: report.reencrypted };
      return report;
    } catch (error) {
      await save(ring, access.vault).catch(() => undefined);
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
