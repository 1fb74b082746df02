import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { decodeBatch } from '../../../shared/sync/batch';
import type { CollectionSyncState } from '../../../shared/sync/engine/engine-state';
import { itemIdText } from '../../../shared/sync/engine/item-id-bytes';
import { createSyncEngine } from '../../../shared/sync/engine/sync-engine';
import { MemoryServer } from '../../../shared/sync/testing/memory-server';
import { MemoryStateStore } from '../../../shared/sync/testing/memory-store';
import type { ItemDraft } from '../../../shared/vault/item-types';
import { itemService } from '../vault/item-service';
import { memorySessionStore, memoryVaultStore } from '../vault/testing/memory-stores';
import { vaultSession } from '../vault/vault-session';
import { VaultError } from '../../../shared/protocol/errors';
import type { Replica } from '../../../shared/sync/engine/ports';
import { edit } from '../../../shared/sync/item-merge';
import { syncService, type SyncService } from './sync-service';

const kdfParams = () => ({ m: 19456, t: 2, p: 1, salt: crypto.getRandomValues(new Uint8Array(16)) });
const MASTER = 'orbit-lantern-Velvet-93-quarry';
const SERVER = 'https://127.0.0.1:8443';

const note = (name: string, notes = ''): ItemDraft => ({ type: 'note', name, tags: [], favourite: false, notes, customFields: [] }) as ItemDraft;

let deps: { vault: ReturnType<typeof vaultSession>; items: ReturnType<typeof itemService>; store: ReturnType<typeof memoryVaultStore>; stateStore: MemoryStateStore<CollectionSyncState>; server: MemoryServer };

/** A second service over the same vault whose account registration is `register`. */
function syncServiceFor(_world: unknown, register: (server: string, genesis: Uint8Array) => Promise<void>): SyncService {
  return syncService({
    ...deps,
    env: { now: Date.now, random: Math.random },
    createEngine: (ports) => createSyncEngine(ports),
    transport: (_account, keys) => ({ ...deps.server.transport({ identity: keys.identity, device: keys.device }), hintToken: async () => 'token' }),
    registerAccount: register,
    hasPermission: async () => true,
    schedule: { soon: () => {}, done: () => {} },
  });
}

async function setup(options: { permitted?: boolean } = {}) {
  const server = new MemoryServer();
  const store = memoryVaultStore();
  const stateStore = new MemoryStateStore<CollectionSyncState>();
  const vault = vaultSession({ store, session: memorySessionStore(), now: Date.now, autoLockMinutes: async () => 15, onDeadline: () => {}, kdfParams });
  const late: { sync?: SyncService } = {};
  let soon = 0;
  const captured: { replica?: Replica } = {};
  const items = itemService({ vault, store, now: Date.now, snapshotDelayMs: 0, sync: { stamp: async () => late.sync?.stamp() ?? null, changed: () => late.sync?.changed() } });
  const sync = syncService({
    vault,
    items,
    store,
    stateStore,
    env: { now: Date.now, random: Math.random },
    createEngine: (ports) => {
      captured.replica = ports.replica;
      return createSyncEngine(ports);
    },
    transport: (account, keys) => ({ ...server.transport({ identity: keys.identity, device: keys.device }), hintToken: async () => 'token' }),
    registerAccount: async (_server, genesis) => {
      server.createAccount(genesis);
    },
    hasPermission: async () => options.permitted ?? true,
    schedule: { soon: () => void (soon += 1), done: () => {} },
  });
  late.sync = sync;
  await vault.create(MASTER);
  deps = { vault, items, store, stateStore, server };
  const collection = bytesToHex((await import('../../../shared/crypto/base64url')).fromBase64url(await items.collection()));
  const batches = () => server.log(collection).map((change) => decodeBatch(change.batch));
  const itemsOnServer = () => new Set(batches().flatMap((batch) => batch.fields.records.map((record) => itemIdText(record.item))));
  return { server, store, vault, items, sync, batches, itemsOnServer, soonCalls: () => soon, replica: () => captured.replica };
}

describe('sync service', () => {
  it('connects: every existing item reaches the server, then status says synced with nothing waiting', async () => {
    const world = await setup();
    const a = await world.items.save(note('Alpha'));
    const b = await world.items.save(note('Beta'));
    expect((await world.sync.status()).phase).toBe('off');
    await world.sync.connect(SERVER);
    const status = await world.sync.status();
    expect(status).toMatchObject({ phase: 'idle', server: SERVER, pending: 0, frozen: null, error: null });
    expect(status.lastSyncAt).not.toBeNull();
    expect(status.stateCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect([...world.itemsOnServer()].sort()).toEqual([a, b].sort());
  });

  it('a local edit is stored as a delta, handed to the engine on the next sync, and pushed once', async () => {
    const world = await setup();
    await world.sync.connect(SERVER);
    const id = await world.items.save(note('Gamma'));
    expect(world.soonCalls()).toBeGreaterThan(0);
    expect((await world.sync.status()).pending).toBe(1);
    await world.sync.syncNow();
    await world.sync.syncNow();
    expect((await world.sync.status()).pending).toBe(0);
    const counters = world.batches().map((batch) => batch.fields.counter);
    expect(counters).toEqual(counters.map((_, i) => i + 1));
    expect(world.itemsOnServer()).toContain(id);
  });

  it('deltas stored before a crash are pushed after it; edits made while offline wait and then go', async () => {
    const world = await setup();
    await world.sync.connect(SERVER);
    const id = await world.items.save(note('Delta'));
    await world.items.save({ ...note('Delta renamed'), id } as ItemDraft);
    expect((await world.items.pendingDeltas()).deltas.get(id)?.fields.name?.[0]?.value).toBe('Delta renamed');
    await world.sync.syncNow();
    const records = world.batches().flatMap((batch) => batch.fields.records.filter((r) => itemIdText(r.item) === id));
    expect(records).toHaveLength(1);
  });

  it('does nothing while locked, and refuses to connect without the host permission', async () => {
    const world = await setup({ permitted: false });
    await expect(world.sync.connect(SERVER)).rejects.toMatchObject({ code: 'FORBIDDEN_SENDER' });
    await world.vault.lock();
    await world.sync.syncNow();
    await expect(world.sync.status()).rejects.toMatchObject({ code: 'LOCKED' });
  });

  it('a set-up whose collection genesis reached the server but not this device resumes and syncs', async () => {
    const world = await setup();
    await world.items.save(note('Eta'));
    const failOnce = { armed: true };
    const flaky = syncService({
      ...deps,
      stateStore: {
        load: (c) => deps.stateStore.load(c),
        list: () => deps.stateStore.list(),
        save: async (c, state) => {
          if (failOnce.armed && state.chains.collection.length > 0) {
            failOnce.armed = false;
            throw new VaultError('UNAVAILABLE', 'worker stopped');
          }
          await deps.stateStore.save(c, state);
        },
      },
      env: { now: Date.now, random: Math.random },
      createEngine: (ports) => createSyncEngine(ports),
      transport: (_account, keys) => ({ ...deps.server.transport({ identity: keys.identity, device: keys.device }), hintToken: async () => 'token' }),
      registerAccount: async (_server, genesis) => {
        if (!deps.server.identities.size) deps.server.createAccount(genesis);
      },
      hasPermission: async () => true,
      schedule: { soon: () => {}, done: () => {} },
    });
    await expect(flaky.connect(SERVER)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await flaky.connect(SERVER);
    expect(await flaky.status()).toMatchObject({ phase: 'idle', pending: 0, frozen: null });
    expect(world.itemsOnServer().size).toBe(1);
  });

  it('an item deleted here that another device edited comes back, and the person is told until they dismiss it', async () => {
    const world = await setup();
    await world.sync.connect(SERVER);
    const id = await world.items.save(note('Theta'));
    await world.items.trash(id);
    await world.items.remove(id);
    const deleted = (await world.items.replicaStates([id])).get(id)!;
    const collection = bytesToHex((await import('../../../shared/crypto/base64url')).fromBase64url(await world.items.collection()));
    const peerEdit = edit(deleted, { name: 'Theta kept', trashedAt: null }, { wall: Date.now() + 1_000, counter: 0, device: 'e'.repeat(32) });
    await world.replica()!.apply(collection, new Map([[id, peerEdit]]));
    expect((await world.items.get(id)).name).toBe('Theta kept');
    expect((await world.sync.status()).restored).toBe(1);
    await world.sync.dismissRestored();
    expect((await world.sync.status()).restored).toBe(0);
  });

  it('refuses a server address that is not https', async () => {
    const world = await setup();
    await expect(world.sync.connect('http://127.0.0.1:8443')).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('an interrupted set-up resumes, or starts over at another address; a finished one keeps its server', async () => {
    const world = await setup();
    const failing = syncServiceFor(world, async () => {
      throw new VaultError('UNAVAILABLE', 'down');
    });
    await expect(failing.connect('https://typo.example')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(await failing.status()).toMatchObject({ phase: 'setting-up', server: 'https://typo.example' });
    await world.sync.connect(SERVER);
    expect(await world.sync.status()).toMatchObject({ phase: 'idle', server: SERVER, pending: 0 });
    await expect(world.sync.connect('https://other.example')).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('a frozen collection keeps local edits waiting, and re-pinning needs the state the person saw', async () => {
    const world = await setup();
    await world.items.save(note('Epsilon'));
    await world.sync.connect(SERVER);
    const collection = bytesToHex((await import('../../../shared/crypto/base64url')).fromBase64url(await world.items.collection()));
    world.server.tamperLog(collection, (log) => log.slice(0, -1));
    await world.sync.syncNow();
    const frozen = await world.sync.status();
    expect(frozen.phase).toBe('frozen');
    expect(frozen.frozen?.code).toBe('ROLLBACK');
    await world.items.save(note('Zeta'));
    await world.sync.syncNow();
    expect((await world.sync.status()).pending).toBeGreaterThan(0);
    expect((await world.items.search('', 'all')).total).toBe(2);
    await expect(world.sync.approveRepin('FORK')).rejects.toMatchObject({ code: 'CONFLICT' });
    await world.sync.approveRepin('ROLLBACK');
    await world.sync.syncNow();
    expect(await world.sync.status()).toMatchObject({ phase: 'idle', frozen: null, pending: 0 });
  });
});
