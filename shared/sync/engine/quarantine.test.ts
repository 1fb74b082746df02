import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { randomBytes } from '../../crypto/random';
import { type BatchRecord, ZERO_HASH } from '../batch';
import { EMPTY_STATE, edit } from '../item-merge';
import { makeNextBatch } from '../outgoing-batch';
import { sealRecord } from '../record-crypto';
import { type SyncDevice, SyncWorld } from '../testing/sync-world';
import { sealDelta } from './outgoing-records';

const GOOD = 'GOODAAAAAAAAAAAAAAAAAA';
const BAD = 'BADAAAAAAAAAAAAAAAAAAA';

/** Push, as device `c` (trusted, but without an engine), one batch holding `records`. */
async function pushAs(world: SyncWorld, c: SyncDevice, pinnedBy: SyncDevice, records: BatchRecord[]): Promise<void> {
  const summary = (await pinnedBy.store.load(world.collection))!.summary!;
  const { bytes } = makeNextBatch({ identity: world.identity, device: c.deviceId, seed: c.signing.seed, publicKey: c.signing.publicKey }, { counter: 0, prev: ZERO_HASH }, {
    collection: hexToBytes(world.collection),
    epoch: 0,
    seen: { seq: 0, head: ZERO_HASH },
    chains: { identity: { seq: summary.identity.seq, head: hexToBytes(summary.identity.head) }, collection: { seq: 0, head: hexToBytes(summary.collection.head) } },
    records,
  });
  await world.server.transport({ identity: world.identity, device: c.deviceId }).appendBatch(hexToBytes(world.collection), bytes, 1);
}

function context(world: SyncWorld, author: SyncDevice, key = world.collectionKey) {
  return { identity: world.identity, collection: hexToBytes(world.collection), epoch: 0, key, author: author.deviceId };
}

describe('BAD_RECORD: one record that does not open is quarantined, the rest applies, sync goes on', () => {
  it('a record sealed under another key is quarantined while its neighbour applies', async () => {
    const world = await SyncWorld.create(3);
    const [b, c] = [world.device(1), world.device(2)];
    await b.sync();
    const stamp = { wall: world.now, counter: 0, device: c.hex };
    const good = sealDelta(context(world, c), GOOD, edit(EMPTY_STATE, { name: 'fine' }, stamp));
    const bad = sealDelta(context(world, c, randomBytes(32)), BAD, edit(EMPTY_STATE, { name: 'unreadable' }, stamp));
    await pushAs(world, c, b, [bad, good]);

    const report = await b.sync();
    expect(report).toMatchObject({ status: 'ok', pulled: 1, quarantined: 1 });
    expect(b.replica.view(world.collection, GOOD)?.values).toEqual({ name: 'fine' });
    expect(b.replica.state(world.collection, BAD)).toBeUndefined();
    const status = await b.engine.status(world.collection);
    expect(status).toMatchObject({ frozen: null, quarantined: 1 });
    const [entry] = (await b.store.load(world.collection))!.quarantine;
    expect(entry).toMatchObject({ seq: 1, item: BAD, device: c.hex });

    const later = await world.device(0).create({ name: 'after' });
    await world.device(0).sync();
    expect(await b.sync()).toMatchObject({ status: 'ok', pulled: 1, quarantined: 0 });
    expect(b.replica.view(world.collection, later)?.values).toEqual({ name: 'after' });
  });

  it('a record that opens but is not an item delta is quarantined', async () => {
    const world = await SyncWorld.create(3);
    const [b, c] = [world.device(1), world.device(2)];
    await b.sync();
    const junk = sealRecord(context(world, c), { kind: 'item', item: hexToBytes('00'.repeat(16)), rev: 1, hlc: { wall: world.now, counter: 0 } }, new TextEncoder().encode('{"name":"not cbor"}'));
    await pushAs(world, c, b, [junk]);
    expect(await b.sync()).toMatchObject({ status: 'ok', quarantined: 1 });
  });

  it('a stamp more than a day ahead of this clock is quarantined, not frozen, and does not drag the clock', async () => {
    const world = await SyncWorld.create(2);
    const [a, b] = [world.device(0), world.device(1)];
    await b.sync();
    a.skewMs = 30 * 3600_000;
    const ahead = await a.create({ name: 'from the future' });
    await a.sync();
    expect(await b.sync()).toMatchObject({ status: 'ok', quarantined: 1 });
    expect(b.replica.state(world.collection, ahead)).toBeUndefined();
    const stamp = await b.engine.stamp(world.collection);
    expect(stamp.wall).toBeLessThan(world.now + 3600_000);
    const fine = await b.create({ name: 'from now' });
    await b.sync();
    expect(await a.sync()).toMatchObject({ status: 'ok', quarantined: 0 });
    expect(a.replica.view(world.collection, fine)?.values).toEqual({ name: 'from now' });
  });
});
