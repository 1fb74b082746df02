/**
 * Attack: the server re-inserts an old batch at a new seq (for example to bring back a deleted
 * item's old values). The batch's counter is taken by that very batch already: REPLAY.
 */
import { it } from 'vitest';
import { expectCaught } from '../caught';
import { describeAttack } from '../describe-attack';
import { expectOk, writeAndPush } from '../person';
import { readLog, rewriteLog } from '../tamper';

describeAttack('an old batch re-inserted at a new seq', (suite) => {
  it('after the reader verified it once: REPLAY', async () => {
    const { a, b, collection, collectionId } = suite.person();
    await writeAndPush(a, collection, { title: 'Old', password: 'old password' });
    await writeAndPush(a, collection, { title: 'New' });
    expectOk(await b.engine.sync(collection));
    const log = await readLog(suite.database(), collectionId);
    await rewriteLog(suite.database(), collectionId, [...log.map((row) => row.bytes), log[0]!.bytes]);
    await expectCaught(b, collection, 'REPLAY');
  });

  it('to a reader that sees both in one pull: REPLAY', async () => {
    const { a, c, collection, collectionId } = suite.person();
    await writeAndPush(a, collection, { title: 'Old', password: 'old password' });
    await writeAndPush(a, collection, { title: 'New' });
    const log = await readLog(suite.database(), collectionId);
    await rewriteLog(suite.database(), collectionId, [...log.map((row) => row.bytes), log[0]!.bytes]);
    await expectCaught(c, collection, 'REPLAY');
  });
});
