/**
 * Devices of one person in Node, against the real server (docs/pairing.md §11): each device is
 * its own keys, its own key ring (shared/devices/key-ring.ts), its own real HTTPS transport and
 * real sync engine over an in-memory store and replica, as the extension's background would hold
 * them. Nothing is shared between devices but the server: a device that joins learns its keys only
 * through the pairing relay and the chains, as a fresh browser would.
 *
 * `createPerson` makes the first device A (account genesis with a user key A keeps, the personal
 * collection sealed to it, a first item, synced); `deviceFrom` builds any later device from the
 * keys it ended up with (pairing, recovery).
 */
import { Agent, fetch as undiciFetch } from 'undici';
import { createIdentityGenesis, type IdentitySigner } from '../../shared/chains/append';
import { DEVICE_ID_LENGTH } from '../../shared/chains/entry';
import type { IdentityState } from '../../shared/chains/identity-chain';
import { generateSigningKeyPair } from '../../shared/crypto/ed25519';
import { randomBytes } from '../../shared/crypto/random';
import { generateX25519KeyPair } from '../../shared/crypto/x25519';
import { servedIdentityChain } from '../../shared/devices/chain-append';
import { KeyRing } from '../../shared/devices/key-ring';
import type { Invite } from '../../shared/pairing/invite';
import { createAccount } from '../../shared/protocol/client/create-account';
import type { FetchLike } from '../../shared/protocol/client/http-exchange';
import { HttpTransport } from '../../shared/protocol/client/http-transport';
import { PairingRelay } from '../../shared/protocol/client/pairing-relay';
import type { RecoveryKit } from '../../shared/recovery/kit';
import { planNewKit } from '../../shared/recovery/new-kit';
import type { ItemChange, SyncEngine, SyncReport } from '../../shared/sync/engine/engine-api';
import type { CollectionSyncState } from '../../shared/sync/engine/engine-state';
import { createSyncEngine } from '../../shared/sync/engine/sync-engine';
import { edit, EMPTY_STATE, view } from '../../shared/sync/item-merge';
import { MemoryReplica } from '../../shared/sync/testing/memory-replica';
import { MemoryStateStore } from '../../shared/sync/testing/memory-store';
import { base64UrlEncode } from '../../shared/vault/base64';

/** The server as devices reach it. */
export interface ReachableServer {
  readonly url: string;
  readonly certPem: string;
}

/** What a device is made of: its ids and secret keys. */
export interface DeviceSecrets {
  readonly identity: Uint8Array;
  readonly deviceId: Uint8Array;
  readonly seed: Uint8Array;
  readonly x25519Private: Uint8Array;
}

export interface NodeDevice extends DeviceSecrets {
  readonly name: string;
  readonly keys: KeyRing;
  readonly transport: HttpTransport;
  readonly replica: MemoryReplica;
  readonly store: MemoryStateStore<CollectionSyncState>;
  engine: SyncEngine;
  /** Added to this device's wall clock. */
  skewMs: number;
}

export interface Person {
  readonly identity: Uint8Array;
  /** The personal collection (hex). */
  readonly collection: string;
  readonly a: NodeDevice;
  /** The item A wrote before anyone joined. */
  readonly firstItem: string;
}

/** The test world: one server, one fetch that trusts its certificate. */
export class DeviceLab {
  readonly #agent: Agent;
  readonly fetch: FetchLike;

  constructor(readonly server: ReachableServer) {
    this.#agent = new Agent({ connect: { ca: server.certPem } });
    const agent = this.#agent;
    this.fetch = (url, init) => undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent }) as unknown as Promise<Response>;
  }

  /** The relay mailbox of an invite, at the server the invite names. */
  relay(invite: Invite): PairingRelay {
    return new PairingRelay({ server: invite.server, fetch: this.fetch, inviteId: invite.inviteId });
  }

  /** A device with these secrets: its transport, a fresh engine over a fresh store and replica. */
  device(name: string, secrets: DeviceSecrets, keys: KeyRing = new KeyRing()): NodeDevice {
    const transport = new HttpTransport({ server: this.server.url, fetch: this.fetch, device: { identity: secrets.identity, device: secrets.deviceId, seed: secrets.seed } });
    const device = { ...secrets, name, keys, transport, replica: new MemoryReplica(), store: new MemoryStateStore<CollectionSyncState>(), skewMs: 0 } as NodeDevice;
    restartEngine(device);
    return device;
  }

  close(): Promise<void> {
    return this.#agent.close();
  }
}

/** A fresh engine over the device's store and replica (a restarted worker). */
export function restartEngine(device: NodeDevice): void {
  const keys = device.keys.deviceKeys({ identity: device.identity, device: device.deviceId, seed: device.seed });
  device.engine = createSyncEngine({ transport: device.transport, store: device.store, replica: device.replica, keys, env: { now: () => Date.now() + device.skewMs, random: Math.random } });
}

/** A's account (genesis with a user key it keeps), its personal collection and a first item, synced. */
export async function createPerson(lab: DeviceLab): Promise<Person> {
  const deviceId = randomBytes(DEVICE_ID_LENGTH);
  const signing = generateSigningKeyPair();
  const x25519 = generateX25519KeyPair();
  const userKey = generateX25519KeyPair();
  const genesis = createIdentityGenesis({ deviceId, seed: signing.seed, x25519Key: x25519.publicKey }, userKey.publicKey);
  await createAccount({ server: lab.server.url, fetch: lab.fetch }, genesis.bytes);
  const keys = new KeyRing();
  keys.addUserKey({ generation: 0, privateKey: userKey.privateKey, publicKey: userKey.publicKey });
  const a = lab.device('A', { identity: genesis.hash, deviceId, seed: signing.seed, x25519Private: x25519.privateKey }, keys);
  const collectionKey = randomBytes(32);
  const collection = await a.engine.createPersonalCollection(collectionKey);
  keys.addEpochKey(collection, 0, collectionKey);
  const firstItem = await writeItem(a, collection, { title: 'Bank', password: 'correct horse battery staple' });
  expectOk(await a.engine.sync(collection), 'A');
  return { identity: genesis.hash, collection, a, firstItem };
}

export function expectOk(report: SyncReport, who: string): SyncReport {
  if (report.status !== 'ok') throw new Error(`${who}'s sync ended ${report.status}${report.state === undefined ? '' : ` (${report.state})`}`);
  return report;
}

/** A local edit (new item, or new values of `itemId`), recorded in the device's outbox. */
export async function writeItem(device: NodeDevice, collection: string, fields: Record<string, unknown>, itemId = base64UrlEncode(randomBytes(16))): Promise<string> {
  const stamp = await device.engine.stamp(collection);
  const delta = edit(EMPTY_STATE, fields, stamp);
  device.replica.applyLocal(collection, itemId, delta);
  await device.engine.recordChanges(collection, [{ itemId, delta }]);
  return itemId;
}

/** What the item shows on this device (undefined when it never arrived). */
export function valuesOf(device: NodeDevice, collection: string, itemId: string): Readonly<Record<string, unknown>> | undefined {
  const state = device.replica.state(collection, itemId);
  return state === undefined ? undefined : view(state).values;
}

/** The device's signer for identity-chain entries. */
export const signerOf = (device: NodeDevice): IdentitySigner => ({ by: 'device', id: device.deviceId, seed: device.seed });

/** The identity chain as the server serves it now, validated against the identity id. */
export function servedIdentity(device: NodeDevice): Promise<{ entries: readonly Uint8Array[]; state: IdentityState }> {
  return servedIdentityChain(device.transport, device.identity);
}

/** The whole merge state of every live (not deleted) item, as the vault would list them for re-encryption. */
export function liveItemsOf(device: NodeDevice): (collection: string) => Promise<ItemChange[]> {
  return async (collection) =>
    device.replica
      .itemIds(collection)
      .map((itemId) => ({ itemId, delta: device.replica.state(collection, itemId) ?? EMPTY_STATE }))
      .filter(({ delta }) => !view(delta).deleted);
}

/** Every item's merge state on this device, as canonical text: to show a vault did not change. */
export function vaultSnapshot(device: NodeDevice): string {
  const collections = [...device.replica.collections.keys()].sort();
  return JSON.stringify(collections.map((c) => [c, device.replica.itemIds(c).map((id) => [id, device.replica.state(c, id)])]));
}

/** `device` sets a new recovery kit (and rotates the user key when the chain says so); returns the kit. */
export async function setRecoveryKit(device: NodeDevice): Promise<RecoveryKit> {
  const { state } = await servedIdentity(device);
  const userKey = device.keys.userKey(state.userKey.generation);
  if (userKey === undefined) throw new Error(`${device.name} lacks the current user key`);
  const plan = await planNewKit(state, signerOf(device), userKey);
  let head = state.head;
  for (const entry of plan.entries) {
    await device.transport.appendIdentityEntry(device.identity, entry.bytes, head);
    head = entry.hash;
  }
  device.keys.addUserKey(plan.userKey);
  return plan.kit;
}
