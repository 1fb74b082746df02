/**
 * Attack: the server shows two devices different branches of one log. B verified A's batch X at
 * seq 2; the server then drops X and lets C write Y at seq 2 (C cannot tell yet). B's next pull
 * meets another head at a seq it pinned: FORK. C learns it from B's heartbeat, which reports
 * B's head at seq 2, in the very sync that pushes Y: FORK as well.
 */
import { expect, it } from 'vitest';
import { expectCaught } from '../caught';
import { describeAttack } from '../describe-attack';
import { expectOk, write, writeAndPush } from '../person';
import { readLog, rewriteLog } from '../tamper';

describeAttack('two devices shown different branches', (suite) => {
  it('B, which verified the other branch, is FORK; C is FORK once B reports', async () => {
    const { a, b, c, collection, collectionId } = suite.person();
    await writeAndPush(a, collection, { title: 'Shared start' });
    expectOk(await c.engine.sync(collection));
    const trunk = await readLog(suite.database(), collectionId);
    await writeAndPush(a, collection, { title: 'X, seen by B' });
    b.skewMs = 2 * 3_600_000; // an hour has passed for B: its next sync also signs a heartbeat
    expectOk(await b.engine.sync(collection));
    await rewriteLog(suite.database(), collectionId, trunk.map((row) => row.bytes));
    await write(c, collection, { title: 'Y, seen by C' });
    // C pushes Y (the server takes it at seq 2), then reads B's heartbeat: B pinned another seq 2.
    expect(await c.engine.sync(collection)).toMatchObject({ status: 'frozen', state: 'FORK', pushed: 1 });
    expect((await readLog(suite.database(), collectionId)).length).toBe(2);
    await expectCaught(b, collection, 'FORK');
    await expectCaught(c, collection, 'FORK');
  });
});
