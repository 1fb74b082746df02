import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from '../../../shared/crypto/base64url';
import type { Notification } from '../../../shared/security/notify-policy';
import { NOTIFY_INTERVAL_MS } from '../../../shared/security/notify-policy';
import type { CollectionSyncState } from '../../../shared/sync/engine/engine-state';
import type { SyncTransport } from '../../../shared/sync/engine/ports';
import { createSyncEngine } from '../../../shared/sync/engine/sync-engine';
import { MemoryServer } from '../../../shared/sync/testing/memory-server';
import { MemoryStateStore } from '../../../shared/sync/testing/memory-store';
import type { ItemDraft } from '../../../shared/vault/item-types';
import { syncService, type SyncService } from '../sync/sync-service';
import { itemService } from '../vault/item-service';
import { memorySessionStore, memoryVaultStore } from '../vault/testing/memory-stores';
import { vaultSession } from '../vault/vault-session';
import { securityService } from './security-service';

const kdfParams = () => ({ m: 19456, t: 2, p: 1, salt: crypto.getRandomValues(new Uint8Array(16)) });
const MASTER = 'orbit-lantern-Velvet-93-quarry';
const SERVER = 'https://127.0.0.1:8443';
const SECRETS = ['Harbour Credit Union', 'Tq8-harbour-Kw2-pass', 'alice.harbour', 'harbour.example'];

const login = (i: number): ItemDraft =>
  ({
    type: 'login',
    name: `${SECRETS[0]} ${i}`,
    tags: [],
    favourite: false,
    notes: '',
    customFields: [],
    username: SECRETS[2],
    password: `${SECRETS[1]}-${i}`,
    urls: [{ url: `https://${SECRETS[3]}`, match: 'origin' }],
  }) as ItemDraft;

/** Flip the last byte of every batch past `from` the server serves: a tampering server. */
function tampering(transport: SyncTransport, tamper: { from: number | null }): SyncTransport {
  return {
    ...transport,
    changes: async (collection, since, limit) => {
      const page = await transport.changes(collection, since, limit);
      const from = tamper.from;
      if (from === null) return page;
      const changes = page.changes.map((change) => {
        if (change.seq <= from) return change;
        const batch = change.batch.slice();
        batch[batch.length - 1] = (batch[batch.length - 1] ?? 0) ^ 0xff;
        return { ...change, batch };
      });
      return { ...page, changes };
    },
  };
}

async function setup() {
  const server = new MemoryServer();
  const store = memoryVaultStore();
  const stateStore = new MemoryStateStore<CollectionSyncState>();
  const clock = { now: 1_800_000_000_000 };
  const now = () => clock.now;
  const vault = vaultSession({ store, session: memorySessionStore(), now: Date.now, autoLockMinutes: async () => 15, onDeadline: () => {}, kdfParams });
  const shown: Notification[] = [];
  const wakes: number[] = [];
  const security = securityService({ vault, store, stateStore, now, notify: async (n) => void shown.push(n), wakeAt: (at) => void wakes.push(at) });
  const tamper = { from: null as number | null };
  const late: { sync?: SyncService } = {};
  const items = itemService({ vault, store, now: Date.now, snapshotDelayMs: 0, sync: { stamp: async () => late.sync?.stamp() ?? null, changed: () => {} } });
  const sync = syncService({
    vault,
    items,
    store,
    stateStore,
    env: { now: Date.now, random: Math.random },
    createEngine: (ports) => createSyncEngine(ports),
    transport: (_account, keys) => ({ ...tampering(server.transport({ identity: keys.identity, device: keys.device }), tamper), hintToken: async () => 'token' }),
    registerAccount: async (_server, genesis) => void server.createAccount(genesis),
    hasPermission: async () => true,
    schedule: { soon: () => {}, done: () => {} },
    paused: async () => (await security.paused()) !== null,
    onSynced: async (observed) => void (await security.observe(observed)),
  });
  late.sync = sync;
  await vault.create(MASTER);
  const collection = bytesToHex(fromBase64url(await items.collection()));
  return { server, store, clock, security, sync, items, tamper, shown, wakes, collection };
}

/** Every text the person could see: events, notifications, and the stored log and queue. */
async function everyText(world: Awaited<ReturnType<typeof setup>>, events: unknown): Promise<string> {
  const log = (await world.store.getMeta<Uint8Array>('security-log')) ?? new Uint8Array();
  const queue = await world.store.getMeta('security-notify');
  return JSON.stringify(events) + JSON.stringify(world.shown) + new TextDecoder().decode(log) + JSON.stringify(queue);
}

describe('security events in the worker', () => {
  it('a tampered batch of many items is one security event and one notification, however often sync runs; no secret in any text', async () => {
    const world = await setup();
    for (let i = 0; i < 3; i++) await world.items.save(login(i));
    await world.sync.connect(SERVER);
    expect(await world.security.events()).toEqual([]);
    world.tamper.from = world.server.log(world.collection).length;
    for (let i = 0; i < 12; i++) await world.items.save(login(10 + i));
    for (let i = 0; i < 4; i++) await world.sync.syncNow();
    expect((await world.sync.status()).phase).toBe('frozen');
    const events = await world.security.events();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'sync-state', collection: world.collection, notify: true });
    expect(world.shown).toHaveLength(1);
    expect(world.shown[0]?.title).toBe('Sealed Vault: 1 security event');
    const text = await everyText(world, events);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    const { seed } = await world.sync.pairingAccess();
    expect(text).not.toContain(bytesToHex(seed));
    expect(text).not.toContain(toBase64url(seed));
  });

  it('the stored log is sealed: no event kind or id is readable in it', async () => {
    const world = await setup();
    await world.sync.connect(SERVER);
    await world.security.pause();
    const stored = await world.store.getMeta('security-log');
    expect(stored).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(stored as Uint8Array)).not.toContain('sync-paused');
  });

  it('freeze sync: nothing is pulled or pushed until the person resumes; both are recorded, neither notified', async () => {
    const world = await setup();
    await world.sync.connect(SERVER);
    const before = world.server.log(world.collection).length;
    await world.security.pause();
    await world.items.save(login(1));
    await world.sync.syncNow();
    expect(world.server.log(world.collection).length).toBe(before);
    expect(await world.sync.status()).toMatchObject({ paused: true, pending: 1 });
    await expect(world.security.pause()).rejects.toMatchObject({ code: 'CONFLICT' });
    await world.security.resume();
    await world.sync.syncNow();
    expect(world.server.log(world.collection).length).toBe(before + 1);
    expect((await world.sync.status()).paused).toBeUndefined();
    expect((await world.security.events()).map((e) => e.kind)).toEqual(['sync-resumed', 'sync-paused']);
    expect(world.shown).toEqual([]);
  });

  it('events close together make one notification now and one batch after the interval', async () => {
    const world = await setup();
    await world.items.save(login(1));
    await world.sync.connect(SERVER);
    world.tamper.from = world.server.log(world.collection).length;
    await world.items.save(login(2));
    await world.sync.syncNow();
    expect(world.shown).toHaveLength(1);
    await world.sync.approveRepin((await world.sync.status()).frozen!.code);
    world.clock.now += 60_000;
    await world.items.save(login(3));
    await world.sync.syncNow();
    expect((await world.security.events()).filter((e) => e.kind === 'sync-state')).toHaveLength(2);
    expect(world.shown).toHaveLength(1);
    expect(world.wakes.at(-1)).toBe(world.clock.now - 60_000 + NOTIFY_INTERVAL_MS);
    world.clock.now += NOTIFY_INTERVAL_MS;
    await world.security.notifyDue();
    expect(world.shown).toHaveLength(2);
    expect(world.shown[1]?.title).toBe('Sealed Vault: 1 security event');
  });
});
