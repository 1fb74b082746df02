/**
 * Attack: the server's database is rolled back to an earlier snapshot (a restored backup, or a
 * server hiding recent changes). A device that verified a later state sees an older one: ROLLBACK,
 * whether it wrote the lost batches itself or only read them.
 */
import { afterEach, beforeEach, it } from 'vitest';
import { describeOnDatabases } from '../../../server/testing/on-databases';
import { expectCaught } from '../caught';
import { expectOk, type Person, setUpPerson, writeAndPush } from '../person';
import { readLog, rewriteLog } from '../tamper';

describeOnDatabases('malicious server: the database rolled back to a snapshot', (suite) => {
  let person: Person;
  beforeEach(async () => {
    person = await setUpPerson(suite.server());
  });
  afterEach(() => person.close());

  it('a reader that verified seq 3 is shown seq 1: ROLLBACK', async () => {
    const { a, b, collection, collectionId } = person;
    await writeAndPush(a, collection, { title: 'One' });
    const snapshot = await readLog(suite.database(), collectionId);
    await writeAndPush(a, collection, { title: 'Two' });
    await writeAndPush(a, collection, { title: 'Three' });
    expectOk(await b.engine.sync(collection));
    await rewriteLog(suite.database(), collectionId, snapshot.map((row) => row.bytes));
    await expectCaught(b, collection, 'ROLLBACK');
  });

  it('to the empty log: ROLLBACK for the writer too', async () => {
    const { a, collection, collectionId } = person;
    await writeAndPush(a, collection, { title: 'One' });
    expectOk(await a.engine.sync(collection));
    await rewriteLog(suite.database(), collectionId, []);
    await expectCaught(a, collection, 'ROLLBACK');
  });
});
