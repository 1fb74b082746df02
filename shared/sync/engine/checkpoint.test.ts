import { describe, expect, it } from 'vitest';
import { view } from '../item-merge';
import { type SyncDevice, SyncWorld } from '../testing/sync-world';

const DAY = 24 * 3600 * 1000;
/** Devices in these tests stay silent for months: no STALE. */
const QUIET = { staleAfterMs: 1000 * DAY };

/** What a person sees of the vault: live items' values only, by id. */
function visible(device: SyncDevice): Record<string, Readonly<Record<string, unknown>>> {
  const out: Record<string, Readonly<Record<string, unknown>>> = {};
  for (const [id, state] of device.vault()) {
    if (state === undefined) continue;
    const seen = view(state);
    if (!seen.deleted) out[id] = seen.values;
  }
  return out;
}

/** A vault with edits and deletes: one deleted long ago, one deleted recently. */
async function vaultWithHistory(world: SyncWorld, writer: SyncDevice) {
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) ids.push(await writer.create({ name: `Site ${i}`, password: `pw-${i}` }));
  await writer.sync();
  const oldDeleted = ids[0]!;
  await writer.remove(oldDeleted);
  await writer.sync();
  world.advance(120 * DAY);
  for (const id of ids.slice(1, 6)) await writer.edit(id, { password: `changed-${id}` });
  const youngDeleted = ids[6]!;
  await writer.remove(youngDeleted);
  await writer.sync();
  return { ids, oldDeleted, youngDeleted };
}

describe('checkpoints: compaction keeps the vault verifiable', () => {
  it('a fresh device starts from the checkpoint and ends with every live item; the old tombstone is gone', async () => {
    const world = await SyncWorld.create(3, { ...QUIET, retentionMs: 90 * DAY });
    const [a, b, fresh] = [world.device(0), world.device(1), world.device(2)];
    const { oldDeleted, youngDeleted } = await vaultWithHistory(world, a);
    expect(await b.sync()).toMatchObject({ status: 'ok' });
    const written = await a.engine.writeCheckpoint(world.collection);
    expect(written).toMatchObject({ registered: true, items: 11 });
    expect(world.server.compact(world.collection)).toBe(written.base);
    expect(await fresh.sync()).toMatchObject({ status: 'ok', quarantined: 0 });
    expect(visible(fresh)).toEqual(visible(a));
    expect(fresh.replica.state(world.collection, oldDeleted)).toBeUndefined();
    expect(fresh.replica.view(world.collection, youngDeleted)?.deleted).toBe(true);
    // The device pinned at the base notices nothing and keeps syncing both ways.
    const later = await b.create({ name: 'After the checkpoint' });
    expect(await b.sync()).toMatchObject({ status: 'ok' });
    expect(await fresh.sync()).toMatchObject({ status: 'ok' });
    expect(fresh.replica.view(world.collection, later)?.values).toEqual({ name: 'After the checkpoint' });
    expect((await fresh.engine.status(world.collection)).stateCode).toBe((await b.engine.status(world.collection)).stateCode);
  });

  it('a device pinned before the base links its pin to the checkpoint through the kept batch ids', async () => {
    const world = await SyncWorld.create(3, QUIET);
    const [a, behind] = [world.device(0), world.device(2)];
    await a.create({ name: 'Early' });
    await a.sync();
    expect(await behind.sync()).toMatchObject({ status: 'ok' });
    await vaultWithHistory(world, a);
    await a.engine.writeCheckpoint(world.collection);
    world.server.compact(world.collection);
    expect(await behind.sync()).toMatchObject({ status: 'ok' });
    expect(visible(behind)).toEqual(visible(a));
  });

  it('the engine writes a checkpoint by itself once the log grew by checkpointEvery entries', async () => {
    const world = await SyncWorld.create(2, { ...QUIET, checkpointEvery: 5 });
    const [a, fresh] = [world.device(0), world.device(1)];
    for (let i = 0; i < 6; i++) {
      await a.create({ name: `Item ${i}` });
      await a.sync();
    }
    expect(world.server.checkpoints.get(world.collection)).toHaveLength(1);
    expect(world.server.compact(world.collection)).toBeGreaterThan(0);
    expect(await fresh.sync()).toMatchObject({ status: 'ok' });
    expect(visible(fresh)).toEqual(visible(a));
  });

  it('rows compacted past the checkpoint base (an edit hidden) are OMISSION, and the vault is untouched', async () => {
    const world = await SyncWorld.create(3, QUIET);
    const [a, fresh] = [world.device(0), world.device(2)];
    await vaultWithHistory(world, a);
    await a.engine.writeCheckpoint(world.collection);
    await a.create({ name: 'Written after the checkpoint' });
    await a.sync();
    world.server.tamperLog(world.collection, (log) => log.map((change) => ({ ...change, batch: new Uint8Array(0) })));
    expect(await fresh.sync()).toMatchObject({ status: 'frozen', state: 'OMISSION', pulled: 0 });
    expect(fresh.vault()).toEqual([]);
  });

  it('compacted rows whose batch ids do not lead to the signed base head are FORK', async () => {
    const world = await SyncWorld.create(3, QUIET);
    const [a, fresh] = [world.device(0), world.device(2)];
    await vaultWithHistory(world, a);
    await a.engine.writeCheckpoint(world.collection);
    world.server.compact(world.collection);
    world.server.tamperLog(world.collection, (log) => log.map((change, i) => (i === 1 ? { ...change, batchId: new Uint8Array(32).fill(7) } : change)));
    expect(await fresh.sync()).toMatchObject({ status: 'frozen', state: 'FORK', pulled: 0 });
    expect(fresh.vault()).toEqual([]);
  });
});
