import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { generateSigningKeyPair } from '../../crypto/ed25519';
import { randomBytes } from '../../crypto/random';
import { ZERO_HASH } from '../batch';
import { EMPTY_STATE, edit } from '../item-merge';
import { makeNextBatch } from '../outgoing-batch';
import { MemoryServer } from '../testing/memory-server';
import { type SyncDevice, type SyncWorld, SyncWorld as World } from '../testing/sync-world';
import { sealDelta } from './outgoing-records';

/** A batch signed with `signer`'s key as device `device` of the world's identity, at the current chain heads. */
async function forgedBatch(world: SyncWorld, as: SyncDevice, signer: { seed: Uint8Array; publicKey: Uint8Array }, counter: number, value: string): Promise<Uint8Array> {
  const state = (await as.store.load(world.collection))!;
  const summary = state.summary!;
  const stamp = { wall: world.now, counter: 0, device: as.hex };
  const record = sealDelta(
    { identity: world.identity, collection: hexToBytes(world.collection), epoch: 0, key: world.collectionKey, author: as.deviceId },
    'FORGEDAAAAAAAAAAAAAAAA',
    edit(EMPTY_STATE, { name: value }, stamp),
  );
  const run = counter === 1 ? { counter: 0, prev: ZERO_HASH } : { counter: counter - 1, prev: hexToBytes(state.log.devices[as.hex]!.batches[counter - 2]!) };
  return makeNextBatch({ identity: world.identity, device: as.deviceId, ...signer }, run, {
    collection: hexToBytes(world.collection),
    epoch: 0,
    seen: { seq: 0, head: ZERO_HASH },
    chains: { identity: { seq: summary.identity.seq, head: hexToBytes(summary.identity.head) }, collection: { seq: 0, head: hexToBytes(summary.collection.head) } },
    records: [record],
  }).bytes;
}

/** Rebuild a log's heads honestly over new batch bytes (a server that lies consistently). */
function relog(world: SyncWorld, batches: { batch: Uint8Array; device: string; counter: number }[]): void {
  world.server.tamperLog(world.collection, () => {
    let head = ZERO_HASH;
    return batches.map((entry, i) => {
      const change = MemoryServer.chained(head, i + 1, entry.batch, entry.device, entry.counter);
      head = change.head;
      return change;
    });
  });
}

async function twoSyncedDevices() {
  const world = await World.create(2);
  const [a, b] = [world.device(0), world.device(1)];
  const first = await a.create({ name: 'First', password: 'one' });
  await a.sync();
  await b.sync();
  return { world, a, b, first };
}

describe('freezing: a failed check applies nothing and pushes nothing', () => {
  it('a batch whose signature does not verify freezes the collection, local data untouched', async () => {
    const { world, a, b } = await twoSyncedDevices();
    await a.create({ name: 'Second' });
    await a.sync();
    const log = world.server.log(world.collection);
    const flipped = log[1]!.batch.slice();
    flipped[flipped.length - 1]! ^= 1;
    relog(world, [log[0]!, { ...log[1]!, batch: flipped }]);
    const vaultBefore = structuredClone(b.vault());

    const report = await b.sync();
    expect(report).toMatchObject({ status: 'frozen', state: 'BAD_SIGNATURE', pulled: 0 });
    expect(b.vault()).toEqual(vaultBefore);
    const status = await b.engine.status(world.collection);
    expect(status.frozen).toMatchObject({ code: 'BAD_SIGNATURE', advice: expect.stringContaining('tampered') });
  });

  it('a frozen collection neither applies nor pushes, across syncs and restarts', async () => {
    const { world, a, b } = await twoSyncedDevices();
    b.plan = (call) => (call === 'appendBatch' ? 'drop-request' : 'ok');
    await b.create({ name: 'Pending on B' });
    await b.sync();
    b.plan = () => 'ok';
    await a.create({ name: 'Second' });
    await a.sync();
    const log = world.server.log(world.collection);
    const flipped = log[1]!.batch.slice();
    flipped[flipped.length - 1]! ^= 1;
    relog(world, [log[0]!, { ...log[1]!, batch: flipped }]);
    expect(await b.sync()).toMatchObject({ status: 'frozen', state: 'BAD_SIGNATURE' });

    // The server now serves the honest log again: still frozen until the user approves.
    relog(world, log.map((change) => ({ ...change })));
    const calls: string[] = [];
    b.plan = (call) => (calls.push(call), 'ok');
    world.advance(3600_000);
    b.restart();
    const vaultBefore = structuredClone(b.vault());
    expect(await b.sync()).toMatchObject({ status: 'frozen', state: 'BAD_SIGNATURE', pushed: 0, pending: 1 });
    expect(calls).toEqual([]);
    expect(b.vault()).toEqual(vaultBefore);
    expect(world.server.received.filter((r) => r.device === b.hex)).toHaveLength(0);
    await expect(b.create({ name: 'refused' })).rejects.toMatchObject({ code: 'BAD_SIGNATURE' });
  });

  it('another batch under a counter already pinned (equivocation) is FORK', async () => {
    const { world, a, b } = await twoSyncedDevices();
    const other = await forgedBatch(world, a, a.signing, 1, 'the server swapped this');
    relog(world, [{ batch: other, device: a.hex, counter: 1 }]);
    expect(await b.sync()).toMatchObject({ status: 'frozen', state: 'FORK' });
    expect(b.replica.itemIds(world.collection)).toHaveLength(1);
  });

  it('a batch signed by a device that is not in the identity chain is UNTRUSTED_WRITER, nothing applied', async () => {
    const { world, a, b } = await twoSyncedDevices();
    const stranger = generateSigningKeyPair();
    const bytes = await forgedBatch(world, a, stranger, 2, 'planted');
    await world.server.transport({ identity: world.identity, device: a.deviceId }).appendBatch(hexToBytes(world.collection), bytes, 2);
    const report = await b.sync();
    expect(report).toMatchObject({ status: 'frozen', state: 'UNTRUSTED_WRITER' });
    expect(b.replica.itemIds(world.collection)).toHaveLength(1);
  });

  it('a log cut back behind the pinned seq is ROLLBACK', async () => {
    const { world, a, b } = await twoSyncedDevices();
    await a.create({ name: 'Second' });
    await a.sync();
    await b.sync();
    world.server.tamperLog(world.collection, (log) => log.slice(0, 1));
    expect(await b.sync()).toMatchObject({ status: 'frozen', state: 'ROLLBACK' });
  });

  it('a collection chain replaced by another one is refused as it does not extend the pinned one', async () => {
    const { world, b } = await twoSyncedDevices();
    const chain = world.server.collections.get(world.collection)!;
    chain.entries = [randomBytes(chain.entries[0]!.length)];
    const report = await b.sync();
    expect(report.status).toBe('frozen');
    expect(['FORK', 'BAD_ENCODING']).toContain(report.state);
  });
});

describe('re-pinning: only on approval, logged, and no edit lost', () => {
  it('approveRepin re-pins to what the server shows, logs it and unfreezes; edits lost by the rollback come back', async () => {
    const { world, a, b, first } = await twoSyncedDevices();
    const second = await a.create({ name: 'Second', password: 'two' });
    await a.sync();
    await b.sync();
    world.server.tamperLog(world.collection, (log) => log.slice(0, 1));

    expect(await b.sync()).toMatchObject({ status: 'frozen', state: 'ROLLBACK' });
    expect(await b.sync()).toMatchObject({ status: 'frozen', state: 'ROLLBACK' });
    const repinned = await b.engine.approveRepin(world.collection);
    expect(repinned).toMatchObject({ status: 'ok' });
    const state = (await b.store.load(world.collection))!;
    expect(state.frozen).toBeNull();
    expect(state.repins).toHaveLength(1);
    expect(state.repins[0]).toMatchObject({ code: 'ROLLBACK', from: { seq: 2 }, to: { seq: 1 } });
    expect(b.replica.view(world.collection, second)?.values).toEqual({ name: 'Second', password: 'two' });

    // A's acknowledged batch was dropped by the server: A freezes, and on approval publishes it again.
    expect(await a.sync()).toMatchObject({ status: 'frozen', state: 'ROLLBACK' });
    expect(await a.engine.approveRepin(world.collection)).toMatchObject({ status: 'ok', pushed: 1 });
    await b.sync();
    expect(world.server.log(world.collection)).toHaveLength(2);
    expect(b.replica.view(world.collection, first)?.values).toEqual({ name: 'First', password: 'one' });
    expect(b.replica.view(world.collection, second)?.values).toEqual({ name: 'Second', password: 'two' });
    expect(await a.engine.stateCode([world.collection])).toBe(await b.engine.stateCode([world.collection]));
  });

  it('approveRepin on a collection that is not frozen changes nothing', async () => {
    const { world, b } = await twoSyncedDevices();
    expect(await b.engine.approveRepin(world.collection)).toMatchObject({ status: 'ok' });
    expect((await b.store.load(world.collection))!.repins).toHaveLength(0);
  });

  it('a check that still fails after approval keeps the collection frozen', async () => {
    const { world, a, b } = await twoSyncedDevices();
    await a.create({ name: 'Second' });
    await a.sync();
    const log = world.server.log(world.collection);
    const flipped = log[1]!.batch.slice();
    flipped[flipped.length - 1]! ^= 1;
    relog(world, [log[0]!, { ...log[1]!, batch: flipped }]);
    await b.sync();
    expect(await b.engine.approveRepin(world.collection)).toMatchObject({ status: 'frozen', state: 'BAD_SIGNATURE' });
    expect((await b.store.load(world.collection))!.repins).toHaveLength(0);
  });
});
