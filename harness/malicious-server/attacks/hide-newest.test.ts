/**
 * Attack: the server hides a device's newest batch (and, worse, its heartbeats), so nobody learns
 * the device wrote anything more.
 * - Acknowledged, then dropped before anyone read it: the writer's next pull finds the server's
 *   head behind the seq it acknowledged (ROLLBACK, acknowledgement.ts).
 * - Dropped after the writer's heartbeat reported it: a reader that pulled everything the server
 *   serves sees a heartbeat naming a batch the log does not hold (OMISSION).
 * - Dropped with every heartbeat of the writer: cryptography alone cannot tell (fork consistency
 *   is the best possible), so readers rely on freshness: after 14 days of silence, STALE.
 */
import { it } from 'vitest';
import { expectCaught } from '../caught';
import { describeAttack } from '../describe-attack';
import { expectOk, write, writeAndPush } from '../person';
import { hideHeartbeats, readLog, rewriteLog } from '../tamper';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describeAttack("a device's newest batch hidden", (suite) => {
  it('acknowledged, then dropped before anyone read it: the writer is ROLLBACK', async () => {
    const { a, collection, collectionId } = suite.person();
    await writeAndPush(a, collection, { title: 'Seen by all' });
    const before = await readLog(suite.database(), collectionId);
    await write(a, collection, { title: 'The newest, hidden' });
    a.afterAppend = () => rewriteLog(suite.database(), collectionId, before.map((row) => row.bytes));
    await expectCaught(a, collection, 'ROLLBACK');
  });

  it("dropped after the writer's heartbeat reported it: a reader is OMISSION", async () => {
    const { a, b, collection, collectionId } = suite.person();
    await writeAndPush(a, collection, { title: 'Seen by all' });
    expectOk(await b.engine.sync(collection), 'B');
    const before = await readLog(suite.database(), collectionId);
    a.skewMs = 2 * HOUR; // A's next sync signs a heartbeat reporting its newest batch
    await writeAndPush(a, collection, { title: 'The newest, hidden' });
    await rewriteLog(suite.database(), collectionId, before.map((row) => row.bytes));
    await expectCaught(b, collection, 'OMISSION');
  });

  it('dropped with every heartbeat of the writer: a reader is STALE after 14 days of silence', async () => {
    const { a, b, collection, collectionId } = suite.person();
    await writeAndPush(a, collection, { title: 'Seen by all' });
    expectOk(await b.engine.sync(collection), 'B');
    const before = await readLog(suite.database(), collectionId);
    await writeAndPush(a, collection, { title: 'The newest, hidden' });
    await rewriteLog(suite.database(), collectionId, before.map((row) => row.bytes));
    await hideHeartbeats(suite.database(), a.deviceId);
    expectOk(await b.engine.sync(collection), 'B (within the silence window)');
    b.skewMs = 15 * DAY;
    await expectCaught(b, collection, 'STALE');
  });
});
