/**
 * Attack: the server changes what a batch claims — its epoch, a record's revision or HLC, or the
 * format version byte — and re-signs with a key it holds. The device's signature no longer
 * verifies (or the bytes no longer decode as a batch of a known version): BAD_SIGNATURE.
 */
import { it } from 'vitest';
import type { BatchFields } from '../../../shared/sync/batch';
import { expectCaught } from '../caught';
import { describeAttack } from '../describe-attack';
import { writeAndPush } from '../person';
import { readLog, resign, rewriteLog } from '../tamper';

const changes: [string, (fields: BatchFields) => BatchFields][] = [
  ['the epoch', (f) => ({ ...f, epoch: f.epoch + 1 })],
  ["a record's revision", (f) => ({ ...f, records: f.records.map((r) => ({ ...r, rev: r.rev + 1 })) })],
  ["a record's HLC", (f) => ({ ...f, records: f.records.map((r) => ({ ...r, hlc: { ...r.hlc, wall: r.hlc.wall - 3_600_000 } })) })],
];

describeAttack('a changed epoch or version', (suite) => {
  for (const [what, change] of changes) {
    it(`${what}: BAD_SIGNATURE`, async () => {
      const { a, b, collection, collectionId } = suite.person();
      await writeAndPush(a, collection, { title: 'Bank', password: 'one' });
      const log = await readLog(suite.database(), collectionId);
      await rewriteLog(suite.database(), collectionId, log.map((row) => resign(row.bytes, change)));
      await expectCaught(b, collection, 'BAD_SIGNATURE');
    });
  }

  it('the format version (a batch of version 2 is not a batch this client reads): BAD_SIGNATURE', async () => {
    const { a, b, collection, collectionId } = suite.person();
    await writeAndPush(a, collection, { title: 'Bank', password: 'one' });
    const [row] = await readLog(suite.database(), collectionId);
    const bytes = row!.bytes.slice();
    // Deterministic CBOR puts the envelope's small-integer version first after the map header: 0x01 → 0x02.
    const at = bytes.indexOf(0x01);
    bytes[at] = 0x02;
    await rewriteLog(suite.database(), collectionId, [bytes]);
    await expectCaught(b, collection, 'BAD_SIGNATURE');
  });
});
