/**
 * Attack: the server flips one bit of a stored batch — in its version byte, in the middle of its
 * records, or in its signature — and re-chains the log so it looks consistent. Any change to signed
 * bytes is BAD_SIGNATURE.
 */
import { afterEach, beforeEach, it } from 'vitest';
import { describeOnDatabases } from '../../../server/testing/on-databases';
import { expectCaught } from '../caught';
import { type Person, setUpPerson, writeAndPush } from '../person';
import { flipBit, readLog, rewriteLog } from '../tamper';

describeOnDatabases('malicious server: a flipped bit in a stored batch', (suite) => {
  let person: Person;
  beforeEach(async () => {
    person = await setUpPerson(suite.server());
  });
  afterEach(() => person.close());

  for (const [where, offset] of [
    ['the first byte', 0],
    ['the middle', 0.5],
    ['the signature (last byte)', -1],
  ] as const) {
    it(`in ${where}: BAD_SIGNATURE, nothing applied`, async () => {
      const { a, b, collection, collectionId } = person;
      await writeAndPush(a, collection, { title: 'Bank', password: 'correct horse' });
      const log = await readLog(suite.database(), collectionId);
      const last = log.at(-1)!.bytes;
      const at = offset === 0.5 ? Math.floor(last.length / 2) : offset;
      await rewriteLog(suite.database(), collectionId, [...log.slice(0, -1).map((row) => row.bytes), flipBit(last, at)]);
      await expectCaught(b, collection, 'BAD_SIGNATURE');
    });
  }
});
