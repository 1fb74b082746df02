/**
 * A fresh browser restored with the recovery kit, every step before it has a local vault
 * (DESIGN.md §7; docs/recovery-ui.md): with a plan made and kept beforehand (shared/recovery/
 * plan.ts, whose new kit the person has already confirmed),
 *   1. enroll: recoverIdentity appends the plan (add-device by the recovery key, then, as the new
 *      device, revoke-device for every other device not kept, set-recovery-key for the new kit,
 *      rotate-user-key);
 *   2. read: the account's collections the person is a member of (the extension holds one, the
 *      personal collection), learnKeys (the kit's user-key generation opens the current epochs), and
 *      a sync of it with a sync engine over memory (every batch verified as usual);
 *   3. rotate: rotateAfterRevoke, a new epoch sealed to the new user key and every live item
 *      re-encrypted under it.
 * The caller then makes the local vault from what this returns: the device bundle's keys, the
 * merge state of every item and the engine's pinned state (which holds this device's batch
 * counter, so the extension's engine goes on after the re-encryption batches, never reusing one).
 *
 * Refuses what those steps refuse (FORK, UNTRUSTED_WRITER for a revoked or replaced kit, CONFLICT
 * when the chain moved since the plan: plan again, UNAUTHORIZED, …); an account with no collection
 * it is a member of (NOT_FOUND); a sync that does not end ok (its freezing state).
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { fromBase64url } from '../crypto/base64url';
import { fetchAccountData } from '../protocol/client/account-data';
import type { FetchLike } from '../protocol/client/http-exchange';
import { VaultError } from '../protocol/errors';
import type { RecoveryKit } from '../recovery/kit';
import type { RecoveryPlan } from '../recovery/plan';
import type { ItemChange, SyncReport } from '../sync/engine/engine-api';
import type { CollectionSyncState } from '../sync/engine/engine-state';
import type { Environment, Replica, SyncStateStore } from '../sync/engine/ports';
import { createSyncEngine } from '../sync/engine/sync-engine';
import { view, type MergeState } from '../sync/item-merge';
import { recoverIdentity } from './recover-device';
import type { KeyRing } from './key-ring';
import { learnKeys } from './learn-keys';
import { rotateAfterRevoke } from './rotate-after-revoke';

export type RestoreStep = 'enrolling' | 'reading' | 'rotating';

export interface RestoreOptions {
  readonly server: string;
  readonly fetch: FetchLike;
  readonly kit: RecoveryKit;
  readonly plan: RecoveryPlan;
  readonly env: Environment;
  readonly onStep?: (step: RestoreStep) => void;
}

export interface RestoredDevice {
  readonly identity: Uint8Array;
  readonly plan: RecoveryPlan;
  /** The user keys and the epoch keys of `collection` this device holds now. */
  readonly keys: KeyRing;
  /** The personal collection, hex. */
  readonly collection: string;
  /** Every item's merge state (deleted ones too), by item id. */
  readonly items: ReadonlyMap<string, MergeState>;
  /** The engine's state of `collection` after the re-encryption. */
  readonly state: CollectionSyncState;
  /** The identity chain's genesis, as the sync account keeps it. */
  readonly genesis: Uint8Array;
}

/** A replica and a state store in memory, for the one collection being restored. */
class RestoreStore implements SyncStateStore<CollectionSyncState> {
  readonly items = new Map<string, MergeState>();
  readonly states = new Map<string, CollectionSyncState>();
  async load(collection: string) {
    return this.states.get(collection);
  }
  async save(collection: string, state: CollectionSyncState) {
    this.states.set(collection, state);
  }
  async list() {
    return [...this.states.keys()];
  }
  readonly replica: Replica = {
    states: async (_collection, itemIds) => {
      const out = new Map<string, MergeState>();
      for (const id of itemIds) {
        const state = this.items.get(id);
        if (state !== undefined) out.set(id, structuredClone(state));
      }
      return out;
    },
    apply: async (_collection, merged) => {
      for (const [id, state] of merged) this.items.set(id, structuredClone(state));
    },
  };
}

function ok(report: SyncReport): void {
  if (report.status !== 'ok') throw new VaultError(report.state ?? 'UNAVAILABLE', `the restored collection's sync ended ${report.status}`);
}

export async function restoreDevice(options: RestoreOptions): Promise<RestoredDevice> {
  options.onStep?.('enrolling');
  const recovered = await recoverIdentity({ server: options.server, fetch: options.fetch, kit: options.kit, plan: options.plan });
  const { device } = recovered.plan;
  const identity = options.kit.fingerprint;
  const credentials = { identity, device: device.deviceId, seed: device.seed, deviceId: device.deviceId, x25519Private: device.x25519Private };

  options.onStep?.('reading');
  const data = await fetchAccountData({ server: options.server, fetch: options.fetch, device: { identity, device: device.deviceId, seed: device.seed } });
  const member = data.collections.find((c) => c.role !== null);
  if (member === undefined) throw new VaultError('NOT_FOUND', 'the account has no collection to restore');
  const collection = bytesToHex(fromBase64url(member.id));
  const keys: KeyRing = recovered.keys;
  await learnKeys(recovered.transport, credentials, keys, [collection]);
  const store = new RestoreStore();
  const engine = createSyncEngine({ transport: recovered.transport, store, replica: store.replica, keys: keys.deviceKeys(credentials), env: options.env });
  ok(await engine.sync(collection));

  options.onStep?.('rotating');
  const liveItems = async (): Promise<ItemChange[]> =>
    [...store.items].filter(([, state]) => !view(state).deleted).map(([itemId, state]) => ({ itemId, delta: state }));
  await rotateAfterRevoke({ transport: recovered.transport, engine, keys, device: credentials, liveItems, now: options.env.now }, [collection]);
  ok(await engine.sync(collection));
  const state = await store.load(collection);
  if (state === undefined) throw new VaultError('INTERNAL', 'the restored collection has no engine state');
  const genesis = (await recovered.transport.identityChain(identity, 0)).entries[0];
  if (genesis === undefined) throw new VaultError('BAD_CHAIN', 'the identity chain has no genesis');
  return { identity, plan: recovered.plan, keys, collection, items: store.items, state, genesis };
}
