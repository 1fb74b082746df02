import { describe, expect, it } from 'vitest';
import { SyncWorld } from '../testing/sync-world';

const HOUR = 3600_000;

/** Every value a field ever had on the item (winner and history), as a sorted list. */
function valuesOf(state: { fields: Readonly<Record<string, readonly { value: unknown }[]>> } | undefined, field: string): unknown[] {
  return (state?.fields[field] ?? []).map((version) => version.value).sort();
}

describe('clocks skewed by hours neither lose nor double an edit', () => {
  it('an edit made after seeing a peer whose clock runs 10 hours ahead still wins', async () => {
    const world = await SyncWorld.create(2);
    const [a, b] = [world.device(0), world.device(1)];
    a.skewMs = 5 * HOUR;
    b.skewMs = -5 * HOUR;
    const id = await a.create({ name: 'Bank', password: 'from A' });
    await a.sync();
    await b.sync();
    world.advance(60_000);
    await b.edit(id, { password: 'from B, later' });
    await b.sync();
    await a.sync();
    for (const device of [a, b]) {
      expect(device.replica.view(world.collection, id)?.values).toEqual({ name: 'Bank', password: 'from B, later' });
      expect(valuesOf(device.replica.state(world.collection, id), 'password')).toEqual(['from A', 'from B, later']);
    }
  });

  it('concurrent offline edits under ±5 h skew converge, every value kept exactly once', async () => {
    const world = await SyncWorld.create(2);
    const [a, b] = [world.device(0), world.device(1)];
    const id = await a.create({ name: 'Mail', password: 'start' });
    await a.sync();
    await b.sync();
    a.skewMs = -5 * HOUR;
    b.skewMs = 5 * HOUR;
    await a.edit(id, { password: 'A offline 1' });
    await b.edit(id, { password: 'B offline 1' });
    world.advance(60_000);
    await a.edit(id, { password: 'A offline 2', name: 'Mail (A)' });
    await b.edit(id, { username: 'b-user' });
    for (let round = 0; round < 2; round++) for (const device of [a, b]) await device.sync();
    const [stateA, stateB] = [a.replica.state(world.collection, id), b.replica.state(world.collection, id)];
    expect(stateA).toEqual(stateB);
    expect(valuesOf(stateA, 'password')).toEqual(['A offline 1', 'A offline 2', 'B offline 1', 'start']);
    expect(valuesOf(stateA, 'name')).toEqual(['Mail', 'Mail (A)']);
    expect(a.replica.view(world.collection, id)?.values).toMatchObject({ name: 'Mail (A)', username: 'b-user' });
  });

  it('a device whose clock jumps back 5 hours keeps stamping after its own earlier edits', async () => {
    const world = await SyncWorld.create(2);
    const [a, b] = [world.device(0), world.device(1)];
    const id = await a.create({ password: 'first' });
    a.skewMs = -5 * HOUR;
    await a.edit(id, { password: 'second' });
    await a.sync();
    await b.sync();
    expect(b.replica.view(world.collection, id)?.values).toEqual({ password: 'second' });
  });
});
