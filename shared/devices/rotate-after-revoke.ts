/**
 * After a revocation (DESIGN.md §5 "Revocation order"): a new user-key generation and a new epoch
 * for each collection, so the revoked device, which may keep the old user key and the old epoch
 * keys, opens nothing written afterwards. Run by a remaining trusted device, in this order:
 *
 * 1. rotate-user-key, when the identity chain says one is due (after any revoke-device or a
 *    revoked recovery key): a fresh X25519 user key sealed to exactly the trusted devices and the
 *    current recovery key (shared/recovery/user-key-rotation.ts);
 * 2. the key ring learns every key the chains hold for this device (learn-keys.ts), so a run that
 *    was cut short after an append resumes with the keys it sealed to itself;
 * 3. for each collection where this person's copy of the current epoch key is sealed to an older
 *    user-key generation (or a member left): rotate-key with a fresh collection key, its key
 *    commitment, and a seal to each current member's current user key (collection-key-seal.ts);
 * 4. re-encryption: the engine pulls the new chain (its writes now use the new epoch), and every
 *    live item the caller lists is recorded again whole, history included, as batches of the new
 *    epoch (kept in the outbox, pushed idempotently, resent byte for byte after a killed worker);
 *    a collection with no live item gets one empty batch of the new epoch (the epoch marker).
 *
 * Every append is compare-and-swap (chain-append.ts) and each step checks the chains first, so the
 * whole function can run again after a crash: what was appended is not appended twice. Step 4 runs
 * for a collection rotated by this call; after a crash between steps 3 and 4, call it with
 * `reencrypt: true` (the extension keeps a "re-encryption pending" flag per collection, set before
 * step 3 and cleared once `recordChanges` returned).
 * Refuses: what the chains, the transport and the engine refuse; a sync of a rotated collection
 * that does not end ok (its freezing state, as a VaultError).
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { appendCollectionEntry, appendIdentityEntry } from '../chains/append';
import type { IdentityState } from '../chains/identity-chain';
import { keyCommitment } from '../crypto/key-commitment';
import { randomBytes } from '../crypto/random';
import type { UserKeyPair } from '../pairing/user-key-seal';
import { VaultError } from '../protocol/errors';
import { rotateUserKeyOp } from '../recovery/user-key-rotation';
import type { ItemChange, SyncEngine } from '../sync/engine/engine-api';
import { sealCollectionKey } from '../sync/engine/collection-key-seal';
import type { SyncTransport } from '../sync/engine/ports';
import { appendToCollectionChain, appendToIdentityChain } from './chain-append';
import { fetchCollectionKeys, type FetchedCollection } from './collection-keys';
import type { DeviceCredentials, KeyRing } from './key-ring';
import { learnKeys } from './learn-keys';
import type { SealRecipient } from './user-keys';

export interface RotationPorts {
  readonly transport: SyncTransport;
  readonly engine: SyncEngine;
  readonly keys: KeyRing;
  readonly device: DeviceCredentials & SealRecipient;
  /** The whole merge state of every live item of `collection` (the vault's items, deleted ones left out). */
  readonly liveItems: (collection: string) => Promise<readonly ItemChange[]>;
  readonly now?: () => number;
  /** Told after each slice of items recorded again: items done and total, per collection. */
  readonly onProgress?: (progress: RotationProgress) => void;
}

export interface RotationProgress {
  readonly collection: string;
  readonly done: number;
  readonly total: number;
}

/** Items recorded again per recordChanges call, so progress moves and a resumed run redoes little. */
const REENCRYPT_SLICE = 50;

export interface RotationOptions {
  /** Re-encrypt every listed collection, rotated now or not (resuming after a crash). */
  readonly reencrypt?: boolean;
  /**
   * Rotate the user key even when no revocation made it due ("rotate all keys": a suspected leak,
   * every device still trusted). Every collection is then due as well, since this person's copy of
   * its key is sealed to an older generation. Pass it on the first call only: a resumed run without
   * it finishes the collections and does not make yet another generation.
   */
  readonly forceUserKey?: boolean;
}

export interface RotationReport {
  /** The user-key generation now current, and whether this call made it. */
  readonly userKeyGeneration: number;
  readonly userKeyRotated: boolean;
  /** The collections rotated by this call, with their new epoch. */
  readonly rotated: readonly { readonly collection: string; readonly epoch: number }[];
  /** Items recorded again under the new epochs. */
  readonly reencrypted: number;
}

/** Step 1: rotate-user-key when due; the new key joins the ring once the server took the entry. */
async function rotateUserKey(ports: RotationPorts, time: number, force = false): Promise<{ state: IdentityState; rotated: boolean }> {
  const { device } = ports;
  const made: { key?: UserKeyPair } = {};
  const state = await appendToIdentityChain(ports.transport, device.identity, async (served) => {
    delete made.key;
    if (!served.userKeyRotationDue && !force) return null;
    const rotation = await rotateUserKeyOp(served, { by: 'device', id: device.device });
    made.key = rotation.userKey;
    return appendIdentityEntry(served, served.head, { by: 'device', id: device.device, seed: device.seed }, rotation.op, time);
  });
  if (made.key !== undefined) ports.keys.addUserKey(made.key);
  return { state, rotated: made.key !== undefined };
}

/** Whether `fetched`'s current epoch must be replaced: this person's copy is sealed to an older user key, or a member left. */
function rotationDue(fetched: FetchedCollection, identity: IdentityState): boolean {
  const own = fetched.state.members.get(bytesToHex(identity.identityId));
  return fetched.state.rotationDue || (own !== undefined && own.generation < identity.userKey.generation);
}

/** Step 3: rotate-key with a fresh key sealed to every member's current user key; returns the new epoch, or null. */
async function rotateCollection(ports: RotationPorts, collection: string, identity: IdentityState, time: number): Promise<number | null> {
  const { device, keys } = ports;
  const id = hexToBytes(collection);
  const made: { epoch?: { epoch: number; key: Uint8Array } } = {};
  const fetch = () => fetchCollectionKeys(ports.transport, id, identity, (g) => keys.userKey(g));
  await appendToCollectionChain(ports.transport, id, fetch, async (fetched) => {
    delete made.epoch;
    if (!rotationDue(fetched, identity)) return null;
    const key = randomBytes(32);
    const epoch = fetched.state.epoch + 1;
    const seals = [];
    for (const [hex, member] of fetched.state.members) {
      const current = fetched.identities.get(hex)?.userKey;
      if (current === undefined) throw new VaultError('BAD_CHAIN', `member ${hex} has no identity chain here`);
      const info = { collection: id, epoch, recipient: member.identity, generation: current.generation, granter: device.identity };
      seals.push({ identity: member.identity, generation: current.generation, sealed: await sealCollectionKey(current.publicKey, key, info) });
    }
    made.epoch = { epoch, key };
    const signer = { identity: device.identity, deviceId: device.device, seed: device.seed, at: identity.length - 1 };
    const resolve = (member: Uint8Array) => fetched.identities.get(bytesToHex(member));
    return appendCollectionEntry(fetched.state, fetched.state.head, signer, { op: 'rotate-key', args: { epoch, commitment: keyCommitment(key), seals } }, resolve, time);
  });
  if (made.epoch === undefined) return null;
  keys.addEpochKey(collection, made.epoch.epoch, made.epoch.key);
  return made.epoch.epoch;
}

/**
 * Step 4: pull the new chain, record every live item again under the new epoch (in slices, telling
 * progress), push. A collection with no live item gets one empty batch in the new epoch instead
 * (shared/sync/engine/epoch-marker.ts): either way the log now references the positions after the
 * revocation and the rotation, so a batch backdated by the revoked device is refused there.
 */
async function reencrypt(ports: RotationPorts, collection: string): Promise<number> {
  const pulled = await ports.engine.sync(collection);
  if (pulled.status === 'frozen') throw new VaultError(pulled.state ?? 'BAD_CHAIN', `collection ${collection} is frozen: re-encryption waits`);
  const items = await ports.liveItems(collection);
  ports.onProgress?.({ collection, done: 0, total: items.length });
  for (let done = 0; done < items.length; done += REENCRYPT_SLICE) {
    const slice = items.slice(done, done + REENCRYPT_SLICE);
    await ports.engine.recordChanges(collection, slice);
    ports.onProgress?.({ collection, done: done + slice.length, total: items.length });
  }
  if (items.length === 0) await ports.engine.markEpoch(collection);
  await ports.engine.sync(collection);
  return items.length;
}

export async function rotateAfterRevoke(ports: RotationPorts, collections: readonly string[], options: RotationOptions = {}): Promise<RotationReport> {
  const time = Math.max(0, Math.floor((ports.now ?? Date.now)()));
  const user = await rotateUserKey(ports, time, options.forceUserKey === true);
  const learned = await learnKeys(ports.transport, ports.device, ports.keys, collections);
  const rotated: { collection: string; epoch: number }[] = [];
  let reencrypted = 0;
  for (const collection of collections) {
    const epoch = await rotateCollection(ports, collection, learned.identity, time);
    if (epoch !== null) rotated.push({ collection, epoch });
    if (epoch !== null || options.reencrypt === true) reencrypted += await reencrypt(ports, collection);
  }
  return { userKeyGeneration: learned.identity.userKey.generation, userKeyRotated: user.rotated, rotated, reencrypted };
}
