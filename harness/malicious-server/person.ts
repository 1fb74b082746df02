/**
 * The honest side of the malicious-server harness: one person with three trusted devices (A, B, C),
 * each running the real sync engine (shared/sync/engine) over the real HTTPS transport
 * (shared/protocol/client/http-transport.ts) against the real server, with in-memory stores and
 * replicas so a test can fingerprint a device's vault byte for byte before and after an attack.
 * A created the account and the personal collection; B and C were enrolled by A (add-device).
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { Agent, fetch as undiciFetch } from 'undici';
import { appendIdentityEntry, createIdentityGenesis, type IdentitySigner } from '../../shared/chains/append';
import type { IdentityState } from '../../shared/chains/identity-chain';
import { generateSigningKeyPair, type SigningKeyPair } from '../../shared/crypto/ed25519';
import { randomBytes } from '../../shared/crypto/random';
import { generateX25519KeyPair, type X25519KeyPair } from '../../shared/crypto/x25519';
import { createAccount } from '../../shared/protocol/client/create-account';
import type { FetchLike } from '../../shared/protocol/client/http-exchange';
import { HttpTransport } from '../../shared/protocol/client/http-transport';
import type { SyncEngine, SyncReport } from '../../shared/sync/engine/engine-api';
import type { CollectionSyncState } from '../../shared/sync/engine/engine-state';
import type { Environment, SyncTransport } from '../../shared/sync/engine/ports';
import { createSyncEngine } from '../../shared/sync/engine/sync-engine';
import { edit, EMPTY_STATE } from '../../shared/sync/item-merge';
import { MemoryReplica } from '../../shared/sync/testing/memory-replica';
import { MemoryStateStore } from '../../shared/sync/testing/memory-store';
import { base64UrlEncode } from '../../shared/vault/base64';
/** The server as the harness reaches it: its URL and certificate (a RunningServer, or a process). */
export interface ReachableServer {
  readonly url: string;
  readonly certPem: string;
}

/** How devices connect: straight to the server, or through a proxy URL (signing the server's origin). */
export interface Connection {
  readonly via?: string;
}

export interface DeviceKeysOf {
  readonly deviceId: Uint8Array;
  readonly signing: SigningKeyPair;
  readonly x25519: X25519KeyPair;
}

/** One device: its keys, its engine and the local state a test inspects. */
export interface HarnessDevice extends DeviceKeysOf {
  readonly name: string;
  engine: SyncEngine;
  readonly replica: MemoryReplica;
  readonly store: MemoryStateStore<CollectionSyncState>;
  readonly transport: HttpTransport;
  /** Wall-clock offset of this device, to skew its clock. */
  skewMs: number;
  /** Every request body this device sent, by path (to replay signed requests). */
  readonly sent: { method: string; path: string; body: string }[];
  /**
   * The lying server's hook: runs after the real server took one of this device's batches and
   * before the answer reaches the device (a proxy that acknowledges, then drops the batch).
   */
  afterAppend: (() => Promise<void>) | null;
}

/** The device's transport: the real HTTPS client, with the proxy hook after each append. */
function proxied(inner: HttpTransport, device: () => HarnessDevice): SyncTransport {
  return {
    identityChain: (id, from) => inner.identityChain(id, from),
    appendIdentityEntry: (id, entry, prev) => inner.appendIdentityEntry(id, entry, prev),
    collectionChain: (id, from) => inner.collectionChain(id, from),
    appendCollectionEntry: (id, entry, prev) => inner.appendCollectionEntry(id, entry, prev),
    changes: (id, since, limit) => inner.changes(id, since, limit),
    appendBatch: async (id, batch, counter) => {
      const answer = await inner.appendBatch(id, batch, counter);
      await device().afterAppend?.();
      return answer;
    },
    putHeartbeat: (bytes) => inner.putHeartbeat(bytes),
    heartbeats: (id) => inner.heartbeats(id),
    registerCheckpoint: (id, seq) => inner.registerCheckpoint(id, seq),
  };
}

export interface Person {
  readonly server: ReachableServer;
  readonly identity: Uint8Array;
  /** The identity chain as the honest devices grew it. */
  chain: IdentityState;
  readonly collection: string;
  readonly collectionId: Uint8Array;
  /** The collection key of epoch 0 (to make a fresh device, or forge with a leaked key). */
  readonly key: Uint8Array;
  readonly a: HarnessDevice;
  readonly b: HarnessDevice;
  readonly c: HarnessDevice;
  close(): Promise<void>;
}

function newKeys(): DeviceKeysOf {
  return { deviceId: randomBytes(16), signing: generateSigningKeyPair(), x25519: generateX25519KeyPair() };
}

/** undici's fetch trusting exactly the server's certificate, recording what was sent. */
function recordingFetch(agent: Agent, sent: HarnessDevice['sent']): FetchLike {
  return (url, init) => {
    const method = init?.method ?? 'GET';
    if (typeof init?.body === 'string') sent.push({ method, path: new URL(String(url)).pathname, body: init.body });
    return undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent }) as unknown as Promise<Response>;
  };
}

export const signerOf = (device: DeviceKeysOf): IdentitySigner => ({ by: 'device', id: device.deviceId, seed: device.signing.seed });

/** A fresh engine for `device` over its existing store and replica: a restarted worker. */
export function restartEngine(device: HarnessDevice, identity: Uint8Array, collection: string, key: Uint8Array): void {
  const env: Environment = { now: () => Date.now() + device.skewMs, random: Math.random };
  const keys = {
    identity,
    device: device.deviceId,
    seed: device.signing.seed,
    publicKey: device.signing.publicKey,
    epochKey: (c: string, epoch: number) => (c === collection && epoch === 0 ? key : null),
    currentEpoch: (c: string) => (c === collection ? 0 : null),
  };
  device.engine = createSyncEngine({ transport: proxied(device.transport, () => device), store: device.store, replica: device.replica, keys, env });
}

/** Account by A (genesis), add-device B and C, A's personal collection pinned by all three. */
export async function setUpPerson(server: ReachableServer, connection: Connection = {}): Promise<Person> {
  const agent = new Agent({ connect: { ca: server.certPem } });
  const key = randomBytes(32);
  const collectionId = randomBytes(16);
  const collection = bytesToHex(collectionId);
  const [ka, kb, kc] = [newKeys(), newKeys(), newKeys()];
  const genesis = createIdentityGenesis({ deviceId: ka.deviceId, seed: ka.signing.seed, x25519Key: ka.x25519.publicKey }, generateX25519KeyPair().publicKey);
  const identity = genesis.hash;
  const make = (name: string, keys: DeviceKeysOf): HarnessDevice => {
    const sent: HarnessDevice['sent'] = [];
    const transport = new HttpTransport({ server: connection.via ?? server.url, origin: server.url, fetch: recordingFetch(agent, sent), device: { identity, device: keys.deviceId, seed: keys.signing.seed } });
    const device = { ...keys, name, replica: new MemoryReplica(), store: new MemoryStateStore<CollectionSyncState>(), transport, skewMs: 0, sent, afterAppend: null } as HarnessDevice;
    restartEngine(device, identity, collection, key);
    return device;
  };
  await createAccount({ server: server.url, fetch: recordingFetch(agent, []) }, genesis.bytes);
  const a = make('A', ka);
  const b = make('B', kb);
  const c = make('C', kc);
  let chain = genesis.state;
  for (const added of [kb, kc]) {
    const args = { deviceId: added.deviceId, signingKey: added.signing.publicKey, x25519Key: added.x25519.publicKey, userKeySeal: randomBytes(80) };
    const next = appendIdentityEntry(chain, chain.head, signerOf(ka), { op: 'add-device', args });
    await a.transport.appendIdentityEntry(identity, next.bytes, chain.head);
    chain = next.state;
  }
  await a.engine.createPersonalCollection(key, collectionId);
  for (const device of [a, b, c]) expectOk(await device.engine.sync(collection), device.name);
  return { server, identity, chain, collection, collectionId, key, a, b, c, close: () => agent.close() };
}

export function expectOk(report: SyncReport, who = 'device'): SyncReport {
  if (report.status !== 'ok') throw new Error(`${who}'s sync ended ${report.status}${report.state === undefined ? '' : ` (${report.state})`}`);
  return report;
}

/** A device writes a new item (or new field values of `itemId`) and records it in its outbox. */
export async function write(device: HarnessDevice, collection: string, fields: Record<string, unknown>, itemId = base64UrlEncode(randomBytes(16))): Promise<string> {
  const stamp = await device.engine.stamp(collection);
  const delta = edit(EMPTY_STATE, fields, stamp);
  device.replica.applyLocal(collection, itemId, delta);
  await device.engine.recordChanges(collection, [{ itemId, delta }]);
  return itemId;
}

/** A device writes and pushes: one new batch in the log. */
export async function writeAndPush(device: HarnessDevice, collection: string, fields: Record<string, unknown>): Promise<string> {
  const id = await write(device, collection, fields);
  const report = expectOk(await device.engine.sync(collection), device.name);
  if (report.pushed < 1) throw new Error(`${device.name} pushed nothing`);
  return id;
}

/** The device's whole vault (every item's merge state, every collection), as canonical bytes. */
export function vaultFingerprint(device: HarnessDevice): string {
  const collections = [...device.replica.collections.keys()].sort();
  return JSON.stringify(
    collections.map((collection) => [collection, device.replica.itemIds(collection).map((id) => [id, device.replica.state(collection, id)])]),
  );
}

/** An honest identity-chain append by `by` (through A's session), kept in `person.chain`. */
export async function appendIdentity(person: Person, by: DeviceKeysOf, op: Parameters<typeof appendIdentityEntry>[3]): Promise<void> {
  const next = appendIdentityEntry(person.chain, person.chain.head, signerOf(by), op);
  await person.a.transport.appendIdentityEntry(person.identity, next.bytes, person.chain.head);
  person.chain = next.state;
}

/** The signed bytes of the device's oldest batch still in its outbox. */
export async function outboxBytes(device: HarnessDevice, collection: string): Promise<Uint8Array> {
  const state = await device.store.load(collection);
  const entry = state?.outbox[0];
  if (entry === undefined) throw new Error(`${device.name} has nothing in its outbox`);
  return entry.bytes;
}
