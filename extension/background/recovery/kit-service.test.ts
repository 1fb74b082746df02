/**
 * The recovery kit in the worker, over the real vault session, item service, sync service and
 * engine, with an in-memory server (shared/sync/testing/memory-server.ts): a kit made before sync
 * names the identity genesis the connection then registers, and is appended right after the first
 * sync; a new kit replaces it and rotates the user key (the bundle keeps the new generation);
 * mistyped groups and a confirmation without a kit are refused, storing nothing; the
 * recovery-signed alert persists until dismissed.
 */
import { describe, expect, it } from 'vitest';
import { servedIdentityChain } from '../../../shared/devices/chain-append';
import { fromBase64url } from '../../../shared/crypto/base64url';
import { kitFromText } from '../../../shared/recovery/kit';
import { checkKit } from '../../../shared/recovery/recovery-key';
import type { CollectionSyncState } from '../../../shared/sync/engine/engine-state';
import { createSyncEngine } from '../../../shared/sync/engine/sync-engine';
import { MemoryServer } from '../../../shared/sync/testing/memory-server';
import { MemoryStateStore } from '../../../shared/sync/testing/memory-store';
import { syncService, type SyncService } from '../sync/sync-service';
import { itemService } from '../vault/item-service';
import { memorySessionStore, memoryVaultStore } from '../vault/testing/memory-stores';
import { vaultSession } from '../vault/vault-session';
import { kitRecords } from './kit-records';
import { kitService } from './kit-service';
import { recoveryAlerts } from './recovery-alert';

const kdfParams = () => ({ m: 19456, t: 2, p: 1, salt: crypto.getRandomValues(new Uint8Array(16)) });
const MASTER = 'orbit-lantern-Velvet-93-quarry';
const SERVER = 'https://127.0.0.1:8443';

async function setup() {
  const server = new MemoryServer();
  const store = memoryVaultStore();
  const vault = vaultSession({ store, session: memorySessionStore(), now: Date.now, autoLockMinutes: async () => 15, onDeadline: () => {}, kdfParams });
  const late: { sync?: SyncService } = {};
  const items = itemService({ vault, store, now: Date.now, snapshotDelayMs: 0, sync: { stamp: async () => late.sync?.stamp() ?? null, changed: () => undefined } });
  const records = kitRecords(store);
  const reports: unknown[] = [];
  const holder: { kits?: ReturnType<typeof kitService> } = {};
  const sync = syncService({
    vault,
    items,
    store,
    stateStore: new MemoryStateStore<CollectionSyncState>(),
    env: { now: Date.now, random: Math.random },
    createEngine: (ports) => createSyncEngine(ports),
    transport: (_account, keys) => ({ ...server.transport({ identity: keys.identity, device: keys.device }), hintToken: async () => 'token' }),
    registerAccount: async (_server, genesis) => {
      server.createAccount(genesis);
    },
    hasPermission: async () => true,
    schedule: { soon: () => {}, done: () => {} },
    localIdentity: (open) => records.localIdentity(open),
    onReport: async (report) => {
      reports.push(report);
      await holder.kits?.register();
    },
  });
  late.sync = sync;
  const kits = kitService({
    vault,
    store,
    records,
    access: () => sync.pairingAccess(),
    accountIdentity: async () => (await sync.ids())?.identity ?? null,
    now: Date.now,
    random: Math.random,
  });
  holder.kits = kits;
  await vault.create(MASTER);
  return { server, store, vault, sync, kits, records, reports };
}

/** The answers a person types: the asked groups, read off the kit text. */
function answersFor(kit: { text: string; confirm: readonly number[] }): [string, string] {
  const groups = kit.text.split('-');
  return [groups[kit.confirm[0] ?? 0] ?? '', (groups[kit.confirm[1] ?? 0] ?? '').toLowerCase()];
}

async function chainOf(world: Awaited<ReturnType<typeof setup>>) {
  const access = await world.sync.pairingAccess();
  return servedIdentityChain(access.transport, access.identity);
}

describe('recovery kit service', () => {
  it('a kit made before sync names the vault the connection registers, and is appended after the first sync', async () => {
    const world = await setup();
    expect(await world.kits.status()).toMatchObject({ kit: 'none', connected: false, postponed: false });
    const shown = await world.kits.begin();
    expect(shown.confirm[0]).not.toBe(shown.confirm[1]);
    const status = await world.kits.confirm(answersFor(shown));
    expect(status).toMatchObject({ kit: 'waiting', connected: false });

    await world.sync.connect(SERVER);
    expect((await world.sync.ids())?.identity).toBeDefined();
    expect(fromBase64url((await world.sync.ids())?.identity ?? '')).toEqual(kitFromText(shown.text).fingerprint);
    await world.kits.register();
    expect(await world.kits.status()).toMatchObject({ kit: 'registered', connected: true, error: null });
    const { state } = await chainOf(world);
    expect(() => checkKit(kitFromText(shown.text), state)).not.toThrow();
  });

  it('a new kit replaces the old one and rotates the user key; the bundle keeps the new generation', async () => {
    const world = await setup();
    await world.sync.connect(SERVER);
    const first = await world.kits.begin();
    expect((await world.kits.confirm(answersFor(first))).kit).toBe('registered');
    const second = await world.kits.begin();
    expect((await world.kits.confirm(answersFor(second))).kit).toBe('registered');
    const { state } = await chainOf(world);
    expect(() => checkKit(kitFromText(first.text), state)).toThrow(expect.objectContaining({ code: 'UNTRUSTED_WRITER' }));
    expect(() => checkKit(kitFromText(second.text), state)).not.toThrow();
    expect(state.userKey.generation).toBe(1);
    const vault = await world.vault.require();
    expect(vault.bundle.userKeys.map((k) => k.generation).sort()).toEqual([0, 1]);
    // The stored header holds it too: a lock and unlock keeps generation 1.
    await world.vault.lock();
    await world.vault.unlock(MASTER);
    expect((await world.vault.require()).bundle.userKeys.map((k) => k.generation).sort()).toEqual([0, 1]);
  });

  it('mistyped groups and a confirmation without a kit shown are refused and store nothing; "Later" only quiets the prompt', async () => {
    const world = await setup();
    const shown = await world.kits.begin();
    const [a, b] = answersFor(shown);
    const wrong = (b[0] === '0' ? '1' : '0') + b.slice(1);
    await expect(world.kits.confirm([a, wrong])).rejects.toMatchObject({ code: 'BAD_ENCODING' });
    expect((await world.kits.status()).kit).toBe('none');
    world.kits.cancel();
    await expect(world.kits.confirm([a, b])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await world.kits.postpone()).toMatchObject({ kit: 'none', postponed: true });
  });
});

describe('recovery-signed alert', () => {
  it('a report naming recovery-signed entries leaves an alert that grows until dismissed; other reports leave it alone', async () => {
    const store = memoryVaultStore();
    let now = 1_000;
    const alerts = recoveryAlerts(store, () => now);
    expect(await alerts.noteReport({})).toBeNull();
    expect(await alerts.current()).toBeNull();
    await alerts.noteReport({ recoverySigned: [4] });
    now = 2_000;
    expect(await alerts.noteReport({})).toBeNull();
    await alerts.noteReport({ recoverySigned: [9, 4] });
    expect(await alerts.current()).toEqual({ entries: [4, 9], firstSeenAt: 1_000, lastSeenAt: 2_000 });
    // A fresh service over the same storage (a restarted worker) still shows it.
    expect(await recoveryAlerts(store, () => now).current()).toEqual({ entries: [4, 9], firstSeenAt: 1_000, lastSeenAt: 2_000 });
    await alerts.dismiss();
    expect(await alerts.current()).toBeNull();
  });
});
