/**
 * Attack: the server flips one bit of a stored batch — in its version byte, in the middle of its
 * records, or in its signature — and re-chains the log so it looks consistent. Any change to signed
 * bytes is BAD_SIGNATURE.
 */
import { it } from 'vitest';
import { expectCaught } from '../caught';
import { describeAttack } from '../describe-attack';
import { writeAndPush } from '../person';
import { flipBit, readLog, rewriteLog } from '../tamper';

describeAttack('a flipped bit in a stored batch', (suite) => {
  for (const [where, offset] of [
    ['the first byte', 0],
    ['the middle', 0.5],
    ['the signature (last byte)', -1],
  ] as const) {
    it(`in ${where}: BAD_SIGNATURE, nothing applied`, async () => {
      const { a, b, collection, collectionId } = suite.person();
      await writeAndPush(a, collection, { title: 'Bank', password: 'correct horse' });
      const log = await readLog(suite.database(), collectionId);
      const last = log.at(-1)!.bytes;
      const at = offset === 0.5 ? Math.floor(last.length / 2) : offset;
      await rewriteLog(suite.database(), collectionId, [...log.slice(0, -1).map((row) => row.bytes), flipBit(last, at)]);
      await expectCaught(b, collection, 'BAD_SIGNATURE');
    });
  }
});
