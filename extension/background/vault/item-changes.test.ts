import { describe, expect, it } from 'vitest';
import { edit, EMPTY_STATE, remove } from '../../../shared/sync/item-merge';
import type { ItemDraft } from '../../../shared/vault/item-types';
import { itemFields } from '../sync/item-state';
import { itemService } from './item-service';
import { memorySessionStore, memoryVaultStore } from './testing/memory-stores';
import { vaultSession } from './vault-session';

const kdfParams = () => ({ m: 19456, t: 2, p: 1, salt: crypto.getRandomValues(new Uint8Array(16)) });
const DEVICE = 'c'.repeat(32);
const PEER = 'd'.repeat(32);
const note = (name: string): ItemDraft => ({ type: 'note', name, tags: [], favourite: false, notes: 'n', customFields: [] }) as ItemDraft;

async function setup(syncing = true) {
  const store = memoryVaultStore();
  const vault = vaultSession({ store, session: memorySessionStore(), now: Date.now, autoLockMinutes: async () => 15, onDeadline: () => {}, kdfParams });
  let wall = 1_000;
  let changed = 0;
  const items = itemService({
    vault,
    store,
    now: Date.now,
    sync: { stamp: async () => (syncing ? { wall: ++wall, counter: 0, device: DEVICE } : null), changed: () => void (changed += 1) },
  });
  await vault.create('orbit-lantern-Velvet-93-quarry');
  return { store, items, changes: () => changed };
}

describe('item changes with sync', () => {
  it('stores each local change with its sealed merge state and pending delta, never in the clear', async () => {
    const { store, items, changes } = await setup();
    const id = await items.save(note('Plain sight'));
    await items.save({ ...note('Renamed'), id } as ItemDraft);
    expect(changes()).toBe(2);
    const { deltas, rows } = await items.pendingDeltas();
    expect(deltas.get(id)?.fields.name?.[0]?.value).toBe('Renamed');
    const text = JSON.stringify(store.dump(), (_key, value: unknown) => (value instanceof Uint8Array ? new TextDecoder('latin1').decode(value) : value));
    expect(text).not.toContain('Renamed');
    expect(text).not.toContain('Plain sight');
    await items.clearPending(rows);
    expect(await items.pendingCount()).toBe(0);
    expect((await items.replicaStates([id])).get(id)?.fields.name?.[0]?.value).toBe('Renamed');
  });

  it('keeps no merge state before a sync account exists, and seeds every item on connect', async () => {
    const { items } = await setup(false);
    const id = await items.save(note('Before sync'));
    expect((await items.replicaStates([id])).size).toBe(0);
    expect(await items.seedStates({ wall: 5, counter: 0, device: DEVICE })).toBe(1);
    expect(await items.pendingCount()).toBe(1);
  });

  it('applies merged states: a new item shows, a tombstone deletes, an invalid view is quarantined and not shown', async () => {
    const { items } = await setup();
    const mine = await items.save(note('Mine'));
    const theirs = 'AAAAAAAAAAAAAAAAAAAAAA';
    const base = (await items.replicaStates([mine])).get(mine) ?? EMPTY_STATE;
    const fields = itemFields({ ...(await items.get(mine)), id: theirs, name: 'Theirs' });
    const broken = 'QQQQQQQQQQQQQQQQQQQQQQ';
    const result = await items.applyMerged(
      new Map([
        [theirs, edit(EMPTY_STATE, fields, { wall: 10, counter: 0, device: PEER })],
        [mine, remove(base, { wall: 11, counter: 0, device: PEER })],
        [broken, edit(EMPTY_STATE, { ...fields, type: 'unknown-type' }, { wall: 12, counter: 0, device: PEER })],
      ]),
    );
    expect(result.quarantined.map((q) => q.id)).toEqual([broken]);
    const names = (await items.search('', 'all')).items.map((s) => s.name);
    expect(names).toEqual(['Theirs']);
    expect((await items.replicaStates([mine])).get(mine)?.tombstone).not.toBeNull();
  });
});
