/**
 * Attack: the server swaps ciphertexts — the sealed records of two items inside one batch, a record
 * moved from one batch of the device into another, or a whole batch moved from another person's
 * collection log into this one. Records are inside the device's signature, so the first two are
 * BAD_SIGNATURE; a batch signed for another collection is REPLAY.
 */
import { it } from 'vitest';
import { expectCaught } from '../caught';
import { describeAttack } from '../describe-attack';
import { expectOk, setUpPerson, write, writeAndPush } from '../person';
import { decodeBatch } from '../../../shared/sync/batch';
import { readLog, resign, rewriteLog } from '../tamper';

describeAttack('swapped ciphertexts', (suite) => {
  it('between two items of one batch: BAD_SIGNATURE', async () => {
    const { a, b, collection, collectionId } = suite.person();
    await write(a, collection, { title: 'Bank', password: 'one' });
    await write(a, collection, { title: 'Mail', password: 'two' });
    expectOk(await a.engine.sync(collection));
    const log = await readLog(suite.database(), collectionId);
    const swapped = log.map((row) =>
      resign(row.bytes, (fields) => {
        const [first, second] = fields.records;
        if (first === undefined || second === undefined) return fields;
        return { ...fields, records: [{ ...first, sealed: second.sealed }, { ...second, sealed: first.sealed }, ...fields.records.slice(2)] };
      }),
    );
    await rewriteLog(suite.database(), collectionId, swapped);
    await expectCaught(b, collection, 'BAD_SIGNATURE');
  });

  it('a record moved from one batch into another: BAD_SIGNATURE', async () => {
    const { a, b, collection, collectionId } = suite.person();
    await writeAndPush(a, collection, { title: 'Bank', password: 'one' });
    await writeAndPush(a, collection, { title: 'Mail', password: 'two' });
    const [first, second] = await readLog(suite.database(), collectionId);
    const donor = decodeBatch(first!.bytes).fields.records[0]!;
    const moved = resign(second!.bytes, (fields) => ({ ...fields, records: [{ ...fields.records[0]!, sealed: donor.sealed }] }));
    await rewriteLog(suite.database(), collectionId, [first!.bytes, moved]);
    await expectCaught(b, collection, 'BAD_SIGNATURE');
  });

  it("a batch from another person's collection: REPLAY", async () => {
    const { a, b, collection, collectionId } = suite.person();
    await writeAndPush(a, collection, { title: 'Bank', password: 'one' });
    const other = await setUpPerson(suite.server());
    try {
      await writeAndPush(other.a, other.collection, { title: 'Theirs', password: 'x' });
      const [theirs] = await readLog(suite.database(), other.collectionId);
      const ours = await readLog(suite.database(), collectionId);
      await rewriteLog(suite.database(), collectionId, [...ours.map((row) => row.bytes), theirs!.bytes]);
      await expectCaught(b, collection, 'REPLAY');
    } finally {
      await other.close();
    }
  });
});
