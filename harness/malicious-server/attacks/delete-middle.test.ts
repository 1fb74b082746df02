/**
 * Attack: the server deletes one batch in the middle of a device's run and renumbers the log so
 * seqs and heads look continuous. The device's counters jump (1, 3): OMISSION.
 */
import { it } from 'vitest';
import { expectCaught } from '../caught';
import { describeAttack } from '../describe-attack';
import { writeAndPush } from '../person';
import { readLog, rewriteLog } from '../tamper';

describeAttack('a batch deleted in the middle of a run', (suite) => {
  it('counters 1, 3 with seq and heads re-chained: OMISSION', async () => {
    const { a, b, collection, collectionId } = suite.person();
    await writeAndPush(a, collection, { title: 'One' });
    await writeAndPush(a, collection, { title: 'Two (a password change the server wants hidden)' });
    await writeAndPush(a, collection, { title: 'Three' });
    const [first, , third] = await readLog(suite.database(), collectionId);
    await rewriteLog(suite.database(), collectionId, [first!.bytes, third!.bytes]);
    await expectCaught(b, collection, 'OMISSION');
  });
});
