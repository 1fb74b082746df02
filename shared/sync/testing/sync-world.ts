/**
 * A small world for sync tests: one person with several devices (real Ed25519 and X25519 keys,
 * a real identity chain made with shared/chains/append.ts), an honest in-memory server, and a
 * personal collection created by the first device's engine. Each device has its own engine, state
 * store, replica, clock skew, fault plan and randomness; `restart` builds a new engine over the
 * same store and replica (a killed service worker). Crypto is never mocked. Add-device seals are 80
 * random bytes: the engine does not open user-key seals.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { appendIdentityEntry, createIdentityGenesis } from '../../chains/append';
import type { IdentityState } from '../../chains/identity-chain';
import { generateSigningKeyPair } from '../../crypto/ed25519';
import { randomBytes } from '../../crypto/random';
import { generateX25519KeyPair } from '../../crypto/x25519';
import { base64UrlEncode } from '../../vault/base64';
import type { Stamp } from '../hlc';
import { EMPTY_STATE, edit, type MergeState, remove } from '../item-merge';
import type { RecordedChanges, SyncEngine, SyncEngineOptions } from '../engine/engine-api';
import type { CollectionSyncState } from '../engine/engine-state';
import type { DeviceKeys, Environment } from '../engine/ports';
import { createSyncEngine } from '../engine/sync-engine';
import { MemoryReplica } from './memory-replica';
import { MemoryServer } from './memory-server';
import { MemoryStateStore } from './memory-store';
import { type FaultPlan, RELIABLE, unreliable } from './unreliable-transport';

export const START_TIME = 1_700_000_000_000;

/** A deterministic PRNG in [0, 1) (mulberry32), for reproducible jitter. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class SyncDevice {
  readonly deviceId = randomBytes(16);
  readonly signing = generateSigningKeyPair();
  readonly x25519 = generateX25519KeyPair();
  readonly store = new MemoryStateStore<CollectionSyncState>();
  readonly replica = new MemoryReplica();
  skewMs = 0;
  plan: FaultPlan = RELIABLE;
  random: () => number;
  engine!: SyncEngine;
  readonly keys: DeviceKeys;

  constructor(
    readonly world: SyncWorld,
    readonly name: string,
    seed: number,
  ) {
    this.random = seededRandom(seed);
    const epochKey = (collection: string, epoch: number) => (collection === world.collection && epoch === 0 ? world.collectionKey : null);
    this.keys = {
      identity: new Uint8Array(0),
      device: this.deviceId,
      seed: this.signing.seed,
      publicKey: this.signing.publicKey,
      epochKey,
      currentEpoch: (collection) => (collection === world.collection ? 0 : null),
    };
  }

  get hex(): string {
    return bytesToHex(this.deviceId);
  }

  /** Build (or rebuild, after a "restart") this device's engine over its store and replica. */
  restart(options: SyncEngineOptions = this.world.options): SyncEngine {
    const env: Environment = { now: () => this.world.now + this.skewMs, random: () => this.random() };
    const transport = unreliable(this.world.server.transport({ identity: this.world.identity, device: this.deviceId }), (call) => this.plan(call));
    (this.keys as { identity: Uint8Array }).identity = this.world.identity;
    this.engine = createSyncEngine({ transport, store: this.store, replica: this.replica, keys: this.keys, env }, options);
    return this.engine;
  }

  sync() {
    return this.engine.sync(this.world.collection);
  }

  /** A local edit of some fields, stamped by the engine, applied locally and recorded. */
  async edit(itemId: string, changes: Record<string, unknown>): Promise<{ stamp: Stamp; recorded: RecordedChanges }> {
    const stamp = await this.engine.stamp(this.world.collection);
    const delta = edit(EMPTY_STATE, changes, stamp);
    this.replica.applyLocal(this.world.collection, itemId, delta);
    return { stamp, recorded: await this.engine.recordChanges(this.world.collection, [{ itemId, delta }]) };
  }

  /** A new item with these fields; returns its id. */
  async create(fields: Record<string, unknown>): Promise<string> {
    const itemId = base64UrlEncode(randomBytes(16));
    await this.edit(itemId, fields);
    return itemId;
  }

  /** A local delete (a tombstone that remembers the newest version seen here). */
  async remove(itemId: string): Promise<Stamp> {
    const stamp = await this.engine.stamp(this.world.collection);
    const current = this.replica.state(this.world.collection, itemId) ?? EMPTY_STATE;
    const delta: MergeState = { fields: {}, tombstone: remove(current, stamp).tombstone };
    this.replica.applyLocal(this.world.collection, itemId, delta);
    await this.engine.recordChanges(this.world.collection, [{ itemId, delta }]);
    return stamp;
  }

  /** Every item of the personal collection as merge states, sorted by id. */
  vault(): [string, MergeState | undefined][] {
    return this.replica.itemIds(this.world.collection).map((id) => [id, this.replica.state(this.world.collection, id)]);
  }
}

export class SyncWorld {
  readonly server = new MemoryServer();
  readonly devices: SyncDevice[] = [];
  readonly collectionKey = randomBytes(32);
  readonly userKey = generateX25519KeyPair();
  now = START_TIME;
  identity: Uint8Array = new Uint8Array(0);
  identityState!: IdentityState;
  collection = '';

  private constructor(readonly options: SyncEngineOptions) {}

  /** A person with `count` devices and a personal collection created by the first one. */
  static async create(count = 2, options: SyncEngineOptions = {}): Promise<SyncWorld> {
    const world = new SyncWorld(options);
    for (let i = 0; i < count; i++) world.devices.push(new SyncDevice(world, `device ${i + 1}`, 1000 + i));
    const [first, ...rest] = world.devices as [SyncDevice, ...SyncDevice[]];
    const genesis = createIdentityGenesis({ deviceId: first.deviceId, seed: first.signing.seed, x25519Key: first.x25519.publicKey }, world.userKey.publicKey, world.now);
    world.identity = world.server.createAccount(genesis.bytes);
    world.identityState = genesis.state;
    for (const device of rest) await world.addDevice(device, first);
    const collectionId = randomBytes(16);
    world.collection = bytesToHex(collectionId);
    for (const device of world.devices) device.restart();
    await first.engine.createPersonalCollection(world.collectionKey, collectionId);
    return world;
  }

  /** Append add-device for `device`, signed by `by`, through the server's compare-and-swap. */
  async addDevice(device: SyncDevice, by: SyncDevice): Promise<void> {
    const args = { deviceId: device.deviceId, signingKey: device.signing.publicKey, x25519Key: device.x25519.publicKey, userKeySeal: randomBytes(80) };
    const signer = { by: 'device' as const, id: by.deviceId, seed: by.signing.seed };
    const appended = appendIdentityEntry(this.identityState, this.identityState.head, signer, { op: 'add-device', args }, this.now);
    await this.server.transport({ identity: this.identity, device: by.deviceId }).appendIdentityEntry(this.identity, appended.bytes, this.identityState.head);
    this.identityState = appended.state;
  }

  /** Append revoke-device for `device`, signed by `by`. */
  async revoke(device: SyncDevice, by: SyncDevice): Promise<void> {
    const signer = { by: 'device' as const, id: by.deviceId, seed: by.signing.seed };
    const appended = appendIdentityEntry(this.identityState, this.identityState.head, signer, { op: 'revoke-device', args: { deviceId: device.deviceId } }, this.now);
    await this.server.transport({ identity: this.identity, device: by.deviceId }).appendIdentityEntry(this.identity, appended.bytes, this.identityState.head);
    this.identityState = appended.state;
  }

  /** The device at `index` (0 is the first). */
  device(index: number): SyncDevice {
    const device = this.devices[index];
    if (device === undefined) throw new Error(`no device ${index}`);
    return device;
  }

  advance(ms: number): void {
    this.now += ms;
  }
}
