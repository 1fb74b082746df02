/**
 * Attack: the server slips in a batch by a revoked device that references the identity chain as it
 * was before the revocation (the device signed it while still trusted, or backdates it now). Trust
 * is judged at the highest chain position the log has referenced so far, which never goes
 * backwards: once a batch made after the revocation is in the log, the old-position batch is
 * UNTRUSTED_WRITER. The server's own refusal of the revoked device is only a courtesy.
 */
import { it } from 'vitest';
import { expectCaught } from '../caught';
import { describeAttack } from '../describe-attack';
import { appendIdentity, expectOk, outboxBytes, write, writeAndPush } from '../person';
import { readLog, rewriteLog } from '../tamper';

describeAttack('a backdated batch by a revoked device', (suite) => {
  it('after a batch made under the revocation: UNTRUSTED_WRITER', async () => {
    const { a, b, c, collection, collectionId } = suite.person();
    await write(c, collection, { title: 'Signed by C before its revocation' });
    const backdated = await outboxBytes(c, collection);
    await appendIdentity(suite.person(), a, { op: 'revoke-device', args: { deviceId: c.deviceId } });
    expectOk(await a.engine.sync(collection), 'A');
    await writeAndPush(a, collection, { title: 'Written after revoking C' });
    const log = await readLog(suite.database(), collectionId);
    await rewriteLog(suite.database(), collectionId, [...log.map((row) => row.bytes), backdated]);
    await expectCaught(b, collection, 'UNTRUSTED_WRITER');
  });
});
