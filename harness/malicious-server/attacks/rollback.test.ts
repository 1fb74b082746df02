/**
 * Attack: the server's database is rolled back to an earlier snapshot (a restored backup, or a
 * server hiding recent changes). A device that verified a later state sees an older one: ROLLBACK,
 * whether it wrote the lost batches itself or only read them.
 */
import { it } from 'vitest';
import { expectCaught } from '../caught';
import { describeAttack } from '../describe-attack';
import { expectOk, writeAndPush } from '../person';
import { readLog, rewriteLog } from '../tamper';

describeAttack('the database rolled back to a snapshot', (suite) => {
  it('a reader that verified seq 3 is shown seq 1: ROLLBACK', async () => {
    const { a, b, collection, collectionId } = suite.person();
    await writeAndPush(a, collection, { title: 'One' });
    const snapshot = await readLog(suite.database(), collectionId);
    await writeAndPush(a, collection, { title: 'Two' });
    await writeAndPush(a, collection, { title: 'Three' });
    expectOk(await b.engine.sync(collection));
    await rewriteLog(suite.database(), collectionId, snapshot.map((row) => row.bytes));
    await expectCaught(b, collection, 'ROLLBACK');
  });

  it('to the empty log: ROLLBACK for the writer too', async () => {
    const { a, collection, collectionId } = suite.person();
    await writeAndPush(a, collection, { title: 'One' });
    expectOk(await a.engine.sync(collection));
    await rewriteLog(suite.database(), collectionId, []);
    await expectCaught(a, collection, 'ROLLBACK');
  });
});
