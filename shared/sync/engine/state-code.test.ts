import { describe, expect, it } from 'vitest';
import { SyncWorld } from '../testing/sync-world';

describe('state codes', () => {
  it('are equal on two synced devices, differ after divergence, and agree again after syncing', async () => {
    const world = await SyncWorld.create(2);
    const [a, b] = [world.device(0), world.device(1)];
    await a.create({ name: 'Shop' });
    await a.sync();
    await b.sync();
    const code = await a.engine.stateCode([world.collection]);
    expect(code).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}$/);
    expect(await b.engine.stateCode([world.collection])).toBe(code);
    expect((await b.engine.status(world.collection)).stateCode).toBe(code);

    await b.create({ name: 'Mail' });
    await b.sync();
    expect(await b.engine.stateCode([world.collection])).not.toBe(await a.engine.stateCode([world.collection]));
    await a.sync();
    expect(await a.engine.stateCode([world.collection])).toBe(await b.engine.stateCode([world.collection]));
    expect(await a.engine.stateCode([world.collection])).not.toBe(code);
  });

  it('differ between two devices the server keeps on different branches', async () => {
    const world = await SyncWorld.create(2);
    const [a, b] = [world.device(0), world.device(1)];
    await a.create({ name: 'one' });
    await a.sync();
    await b.sync();
    await a.create({ name: 'shown to A' });
    await a.sync();
    const kept = world.server.log(world.collection).slice();
    world.server.tamperLog(world.collection, (log) => log.slice(0, 1));
    await b.create({ name: 'shown to B' });
    await b.sync();
    world.server.tamperLog(world.collection, () => kept);
    expect(await a.engine.stateCode([world.collection])).not.toBe(await b.engine.stateCode([world.collection]));
  });

  it('do not depend on the order collections are named in', async () => {
    const world = await SyncWorld.create(1);
    const a = world.device(0);
    const other = '00'.repeat(16);
    expect(await a.engine.stateCode([world.collection, other])).toBe(await a.engine.stateCode([other, world.collection]));
  });
});
