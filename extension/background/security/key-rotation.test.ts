import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { fromBase64url } from '../../../shared/crypto/base64url';
import { unwrapBundle } from '../../../shared/crypto/key-bundle';
import { decodeBatch } from '../../../shared/sync/batch';
import type { CollectionSyncState } from '../../../shared/sync/engine/engine-state';
import { createSyncEngine } from '../../../shared/sync/engine/sync-engine';
import { MemoryServer } from '../../../shared/sync/testing/memory-server';
import { MemoryStateStore } from '../../../shared/sync/testing/memory-store';
import type { ItemDraft } from '../../../shared/vault/item-types';
import { syncService, type SyncService } from '../sync/sync-service';
import { itemService } from '../vault/item-service';
import { memorySessionStore, memoryVaultStore } from '../vault/testing/memory-stores';
import { vaultSession } from '../vault/vault-session';
import { keyRotation } from './key-rotation';
import { securityService } from './security-service';

const kdfParams = () => ({ m: 19456, t: 2, p: 1, salt: crypto.getRandomValues(new Uint8Array(16)) });
const MASTER = 'orbit-lantern-Velvet-93-quarry';
const note = (name: string): ItemDraft => ({ type: 'note', name, tags: [], favourite: false, notes: 'n', customFields: [] }) as ItemDraft;

async function setup() {
  const server = new MemoryServer();
  const store = memoryVaultStore();
  const stateStore = new MemoryStateStore<CollectionSyncState>();
  const vault = vaultSession({ store, session: memorySessionStore(), now: Date.now, autoLockMinutes: async () => 15, onDeadline: () => {}, kdfParams });
  const security = securityService({ vault, store, stateStore, now: Date.now, notify: async () => {}, wakeAt: () => {} });
  const late: { sync?: SyncService } = {};
  const items = itemService({ vault, store, now: Date.now, snapshotDelayMs: 0, sync: { stamp: async () => late.sync?.stamp() ?? null, changed: () => {} } });
  const sync = syncService({
    vault,
    items,
    store,
    stateStore,
    env: { now: Date.now, random: Math.random },
    createEngine: (ports) => createSyncEngine(ports),
    transport: (_account, keys) => ({ ...server.transport({ identity: keys.identity, device: keys.device }), hintToken: async () => 'token' }),
    registerAccount: async (_server, genesis) => void server.createAccount(genesis),
    hasPermission: async () => true,
    schedule: { soon: () => {}, done: () => {} },
    onSynced: async (observed) => void (await security.observe(observed)),
  });
  late.sync = sync;
  await vault.create(MASTER);
  const rotation = keyRotation({
    access: () => sync.rotationAccess(),
    putHeader: (header) => store.putHeader(header),
    liveItems: async () => {
      const states = await items.replicaStates((await items.all()).map((item) => item.id));
      return [...states].map(([itemId, delta]) => ({ itemId, delta }));
    },
    getMeta: (key) => store.getMeta(key),
    putMeta: (key, value) => store.putMeta(key, value),
  });
  const collection = bytesToHex(fromBase64url(await items.collection()));
  return { server, store, vault, items, sync, security, rotation, collection };
}

describe('rotate all keys', () => {
  it('makes a new user-key generation and a new epoch, re-encrypts every item, keeps the keys in the sealed bundle, and later edits use them', async () => {
    const world = await setup();
    await world.items.save(note('One'));
    await world.items.save(note('Two'));
    await world.sync.connect('https://127.0.0.1:8443');
    const report = await world.rotation.start();
    expect(report).toMatchObject({ userKeyGeneration: 1, userKeyRotated: true, rotated: [{ collection: world.collection, epoch: 1 }], reencrypted: 2 });
    expect(world.rotation.progress()).toEqual({ phase: 'done', items: 2 });

    const open = await world.vault.require();
    const header = (await world.store.getHeader())!;
    const stored = unwrapBundle(open.bundleKey, header.sealedBundle, header.kdf);
    expect(stored.userKeys.map((k) => k.generation)).toEqual([0, 1]);
    expect(stored.collectionKeys.map((k) => k.epoch)).toEqual([0, 1]);

    await world.items.save(note('Three'));
    await world.sync.syncNow();
    const epochs = world.server.log(world.collection).map((change) => decodeBatch(change.batch).fields.epoch);
    expect(epochs.at(-1)).toBe(1);
    expect(await world.sync.status()).toMatchObject({ phase: 'idle', pending: 0, frozen: null });

    const kinds = (await world.security.events()).map((e) => [e.kind, e.notify]);
    expect(kinds).toEqual(expect.arrayContaining([['user-key-rotated', false], ['collection-key-rotated', false]]));

    // After a lock and unlock the vault opens with both generations.
    await world.vault.lock();
    await world.vault.unlock(MASTER);
    expect((await world.items.search('', 'all')).total).toBe(3);
  });
});
