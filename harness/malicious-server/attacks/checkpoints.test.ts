/**
 * Checkpoints and compaction (docs/decisions/008-compact-checkpoints.md) against the real server:
 * the honest path (a checkpoint by A, the operator's log compaction, a fresh device that ends with
 * every item, a device pinned before the base that links its pin), then the server's lies:
 * - a checkpoint signed by a device that is no member's trusted device: UNTRUSTED_WRITER;
 * - a compaction that goes past the checkpoint's base, hiding an item written after it: OMISSION;
 * - a compaction without any checkpoint (bytes stripped, or rows deleted outright): OMISSION for a
 *   fresh device, ROLLBACK for a device pinned inside the deleted range.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { expect, it } from 'vitest';
import { compactLogs } from '../../../server/db/log-checkpoints';
import { generateSigningKeyPair } from '../../../shared/crypto/ed25519';
import { randomBytes } from '../../../shared/crypto/random';
import { signBatch } from '../../../shared/sync/batch';
import { CHECKPOINT_ITEM, encodeCheckpoint, manifestOf } from '../../../shared/sync/checkpoint';
import { RECORD_REV } from '../../../shared/sync/engine/outgoing-records';
import { view } from '../../../shared/sync/item-merge';
import { sealRecord } from '../../../shared/sync/record-crypto';
import { MemoryReplica } from '../../../shared/sync/testing/memory-replica';
import { MemoryStateStore } from '../../../shared/sync/testing/memory-store';
import { expectCaught } from '../caught';
import { describeAttack } from '../describe-attack';
import { expectOk, type HarnessDevice, type Person, restartEngine, write, writeAndPush } from '../person';
import { readLog, rewriteLog } from '../tamper';

/** A device of the person with an empty store and replica: a fresh browser profile with C's keys. */
function freshDevice(person: Person): HarnessDevice {
  const device = { ...person.c, name: 'fresh C', replica: new MemoryReplica(), store: new MemoryStateStore() } as HarnessDevice;
  restartEngine(device, person.identity, person.collection, person.key);
  return device;
}

/** What a person sees: live items' values by id. */
function visible(device: HarnessDevice, collection: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const id of device.replica.itemIds(collection)) {
    const seen = device.replica.view(collection, id);
    if (seen !== undefined && !seen.deleted) out[id] = seen.values;
  }
  return out;
}

/** A vault with edits and a delete, written by A and pulled by B; returns the deleted id. */
async function someHistory(person: Person): Promise<string> {
  const { a, b, collection } = person;
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) ids.push(await writeAndPush(a, collection, { name: `Site ${i}`, password: `pw ${i}` }));
  await write(a, collection, { password: 'changed' }, ids[1]);
  expectOk(await a.engine.sync(collection), 'A');
  const deleted = ids[3]!;
  const stamp = await a.engine.stamp(collection);
  const tombstone = { stamp, seen: stamp };
  a.replica.applyLocal(collection, deleted, { fields: {}, tombstone });
  await a.engine.recordChanges(collection, [{ itemId: deleted, delta: { fields: {}, tombstone } }]);
  expectOk(await a.engine.sync(collection), 'A');
  expectOk(await b.engine.sync(collection), 'B');
  return deleted;
}

const compactNow = (suite: { database(): Parameters<typeof compactLogs>[0] }) => compactLogs(suite.database(), Date.now() + 1000, 0);

describeAttack('checkpoints and log compaction', (suite) => {
  it('honest: a fresh device starts from the checkpoint and ends with every item; devices pinned before and at the base go on', async () => {
    const person = suite.person();
    const { a, b, c, collection } = person;
    await writeAndPush(a, collection, { name: 'Before C last synced' });
    expectOk(await c.engine.sync(collection), 'C');
    const deleted = await someHistory(person);
    const written = await a.engine.writeCheckpoint(collection);
    expect(written).toMatchObject({ registered: true });
    const compacted = await compactNow(suite);
    expect(compacted.rows).toBe(written.base);
    expect(compacted.bytes).toBeGreaterThan(0);
    const fresh = freshDevice(person);
    expectOk(await fresh.engine.sync(collection), 'fresh C');
    expect(visible(fresh, collection)).toEqual(visible(a, collection));
    expect(fresh.replica.view(collection, deleted)?.deleted).toBe(true);
    expectOk(await c.engine.sync(collection), 'C pinned before the base');
    expect(visible(c, collection)).toEqual(visible(a, collection));
    const later = await writeAndPush(b, collection, { name: 'After the checkpoint' });
    expectOk(await fresh.engine.sync(collection), 'fresh C');
    expect(fresh.replica.view(collection, later)?.values).toEqual({ name: 'After the checkpoint' });
    expect(view(fresh.replica.state(collection, later)!)).toEqual(view(b.replica.state(collection, later)!));
  });

  it('a checkpoint signed by a device that is not a trusted device of any member: UNTRUSTED_WRITER', async () => {
    const person = suite.person();
    const { a, collection, collectionId } = person;
    await someHistory(person);
    const pinned = (await a.store.load(collection))!;
    const outsider = { id: randomBytes(16), keys: generateSigningKeyPair() };
    const manifest = manifestOf(pinned.log, [], 0, 0, Date.now());
    const context = { identity: hexToBytes(pinned.summary!.owner), collection: collectionId, epoch: 0, key: person.key, author: outsider.id };
    const record = sealRecord(context, { kind: 'meta', item: CHECKPOINT_ITEM, rev: RECORD_REV, hlc: { wall: Date.now(), counter: 0 } }, encodeCheckpoint(manifest));
    const position = (p: { seq: number; head: string }) => ({ seq: p.seq, head: hexToBytes(p.head) });
    const forged = signBatch(
      {
        identity: person.identity,
        collection: collectionId,
        epoch: 0,
        device: outsider.id,
        signer: outsider.keys.publicKey,
        counter: 1,
        prev: new Uint8Array(32),
        seen: { seq: manifest.base.seq, head: manifest.base.head },
        chains: { identity: position(pinned.summary!.identity), collection: position(pinned.summary!.collection) },
        records: [record],
      },
      outsider.keys.seed,
    );
    const log = await readLog(suite.database(), collectionId);
    await rewriteLog(suite.database(), collectionId, [...log.map((row) => row.bytes), forged.bytes]);
    const seq = log.length + 1;
    await suite.database().db.insertInto('collection_checkpoints').values({ collection_id: Buffer.from(collectionId), seq, base_seq: manifest.base.seq, device_id: Buffer.from(outsider.id), created_at: 0 }).execute();
    expect((await compactNow(suite)).rows).toBe(manifest.base.seq);
    expect(bytesToHex(outsider.id)).not.toBe(bytesToHex(a.deviceId));
    await expectCaught(freshDevice(person), collection, 'UNTRUSTED_WRITER');
  });

  it('a compaction past the checkpoint base hides an item written after it: OMISSION', async () => {
    const person = suite.person();
    const { a, b, collection, collectionId } = person;
    await someHistory(person);
    await a.engine.writeCheckpoint(collection);
    await writeAndPush(b, collection, { name: 'Written after the checkpoint (the server wants it hidden)' });
    await compactNow(suite);
    await suite.database().db.updateTable('collection_logs').set({ batch: Buffer.alloc(0) }).where('collection_id', '=', Buffer.from(collectionId)).execute();
    await expectCaught(freshDevice(person), collection, 'OMISSION');
  });

  it('a compaction without a checkpoint: stripped rows are OMISSION for a fresh device, deleted rows ROLLBACK for a pinned one', async () => {
    const person = suite.person();
    const { b, collection, collectionId } = person;
    await someHistory(person);
    const id = Buffer.from(collectionId);
    await suite.database().db.updateTable('collection_logs').set({ batch: Buffer.alloc(0) }).where('collection_id', '=', id).where('seq', '<=', 3).execute();
    await expectCaught(freshDevice(person), collection, 'OMISSION');
    await suite.database().db.deleteFrom('collection_logs').where('collection_id', '=', id).where('seq', '<=', 3).execute();
    const pinned = (await b.store.load(collection))!.log.seq;
    expect(pinned).toBeGreaterThan(3);
    await suite.database().db.deleteFrom('collection_logs').where('collection_id', '=', id).where('seq', '<=', pinned).execute();
    await expectCaught(b, collection, 'ROLLBACK');
  });
});
