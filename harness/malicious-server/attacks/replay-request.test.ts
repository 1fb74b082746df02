/**
 * Attack: someone replays a device's signed requests. A captured sign-in (challenge signature) is
 * refused because each challenge is single use; a captured batch push gives the original answer
 * and no second row, so nothing is doubled and the other devices see the item once.
 */
import { expect, it } from 'vitest';
import { Agent, fetch as undiciFetch } from 'undici';
import { AUTH_SESSION_PATH } from '../../../shared/protocol/api/auth';
import { expectOk, outboxBytes, write } from '../person';
import { describeAttack } from '../describe-attack';
import { readLog } from '../tamper';

describeAttack('replayed signed requests', (suite) => {
  it('a replayed sign-in is 401; a replayed batch is answered once and applied once', async () => {
    const { a, b, collection, collectionId } = suite.person();
    const signIn = a.sent.find((request) => request.path === AUTH_SESSION_PATH);
    expect(signIn).toBeDefined();
    const agent = new Agent({ connect: { ca: suite.server().certPem } });
    try {
      const replayed = await undiciFetch(suite.server().url + AUTH_SESSION_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: signIn!.body,
        dispatcher: agent,
      });
      expect(replayed.status).toBe(401);
    } finally {
      await agent.close();
    }

    const itemId = await write(a, collection, { title: 'Once', password: 'only once' });
    const bytes = await outboxBytes(a, collection);
    const first = await a.transport.appendBatch(suite.person().collectionId, bytes, 1);
    const again = await a.transport.appendBatch(suite.person().collectionId, bytes, 1);
    expect(again).toEqual(first);
    expect(await readLog(suite.database(), collectionId)).toHaveLength(1);

    expectOk(await a.engine.sync(collection), 'A');
    expectOk(await b.engine.sync(collection), 'B');
    expect(await readLog(suite.database(), collectionId)).toHaveLength(1);
    expect(b.replica.itemIds(collection)).toEqual([itemId]);
    expect(b.replica.view(collection, itemId)?.values).toEqual({ title: 'Once', password: 'only once' });
  });
});
