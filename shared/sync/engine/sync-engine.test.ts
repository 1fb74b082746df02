import { describe, expect, it } from 'vitest';
import { decodeBatch } from '../batch';
import { view } from '../item-merge';
import { SyncWorld } from '../testing/sync-world';

describe('sync engine: changes travel between devices', () => {
  it('a change on device A reaches device B', async () => {
    const world = await SyncWorld.create(2);
    const [a, b] = [world.device(0), world.device(1)];
    const id = await a.create({ name: 'Shop', password: 'hunter2' });
    expect(await a.sync()).toMatchObject({ status: 'ok', pushed: 1, pending: 0 });
    expect(await b.sync()).toMatchObject({ status: 'ok', pulled: 1, quarantined: 0 });
    expect(b.replica.view(world.collection, id)?.values).toEqual({ name: 'Shop', password: 'hunter2' });
    expect(view(b.replica.state(world.collection, id)!)).toEqual(view(a.replica.state(world.collection, id)!));
  });

  it('a delete on one device deletes the item on the other', async () => {
    const world = await SyncWorld.create(2);
    const [a, b] = [world.device(0), world.device(1)];
    const id = await a.create({ name: 'Old bank' });
    await a.sync();
    await b.sync();
    await b.remove(id);
    await b.sync();
    await a.sync();
    expect(a.replica.view(world.collection, id)?.deleted).toBe(true);
  });

  it('one call makes one signed batch, sealed: no field value appears in the bytes', async () => {
    const world = await SyncWorld.create(1);
    const a = world.device(0);
    const recorded = await a.engine.recordChanges(world.collection, [
      { itemId: 'AAAAAAAAAAAAAAAAAAAAAA', delta: { fields: { password: [{ value: 'correct horse', stamp: await a.engine.stamp(world.collection) }] }, tombstone: null } },
      { itemId: 'BBBBBBBBBBBBBBBBBBBBBA', delta: { fields: { password: [{ value: 'battery staple', stamp: await a.engine.stamp(world.collection) }] }, tombstone: null } },
    ]);
    expect(recorded.counters).toEqual([1]);
    await a.sync();
    const [stored] = world.server.log(world.collection);
    const batch = decodeBatch(stored!.batch);
    expect(batch.fields.records).toHaveLength(2);
    expect(new TextDecoder('latin1').decode(stored!.batch)).not.toMatch(/correct horse|battery staple/);
  });

  it('changes over the 256 KiB batch limit are split into consecutive batches that all arrive', async () => {
    const world = await SyncWorld.create(2);
    const [a, b] = [world.device(0), world.device(1)];
    const stamp = await a.engine.stamp(world.collection);
    const changes = Array.from({ length: 120 }, (_, i) => ({
      itemId: `${i.toString().padStart(4, '0')}AAAAAAAAAAAAAAAAAA`,
      delta: { fields: { note: [{ value: `${i}:${'x'.repeat(3000)}`, stamp }] }, tombstone: null },
    }));
    const recorded = await a.engine.recordChanges(world.collection, changes);
    expect(recorded.counters.length).toBeGreaterThan(1);
    expect(recorded.counters).toEqual(recorded.counters.map((_, i) => i + 1));
    await a.sync();
    for (const change of world.server.log(world.collection)) expect(change.batch.length).toBeLessThanOrEqual(256 * 1024);
    await b.sync();
    expect(b.replica.itemIds(world.collection)).toHaveLength(120);
  });

  it('a second device can write once it has pulled the collection', async () => {
    const world = await SyncWorld.create(2);
    const b = world.device(1);
    await expect(b.create({ name: 'too early' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await b.sync();
    const id = await b.create({ name: 'Mail' });
    await b.sync();
    await world.device(0).sync();
    expect(world.device(0).replica.view(world.collection, id)?.values).toEqual({ name: 'Mail' });
  });

  it('a revoked device neither writes nor pushes what it had pending, and the others keep syncing', async () => {
    const world = await SyncWorld.create(2);
    const [a, b] = [world.device(0), world.device(1)];
    await b.sync();
    b.plan = (call) => (call === 'appendBatch' ? 'drop-request' : 'ok');
    await b.create({ name: 'written before the revocation' });
    await b.sync();
    b.plan = () => 'ok';
    await world.revoke(b, a);
    world.advance(3600_000);
    await expect(b.sync()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(world.server.log(world.collection)).toHaveLength(0);
    await expect(b.create({ name: 'after' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await a.create({ name: 'A goes on' });
    expect(await a.sync()).toMatchObject({ status: 'ok', pushed: 1 });
  });
});
