import { describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/random';
import { decodeBatch, ZERO_HASH } from './batch';
import { type EpochKey, openBatchRecords } from './open-batch';
import { sealRecord } from './record-crypto';
import { TestLog, TestWriter } from './test-fixtures';

const text = (s: string) => new TextEncoder().encode(s);
const hlc = { wall: 1_700_000_000_000, counter: 0 };

function scene() {
  const log = new TestLog();
  const writer = new TestWriter(randomBytes(32));
  const key: EpochKey = { identity: writer.identity, collection: log.collection, epoch: 1, key: randomBytes(32) };
  const context = { ...key, author: writer.device };
  return { log, writer, key, context };
}

describe('opening a batch’s records', () => {
  it('opens records sealed by the batch signer under the log’s collection and the key’s epoch', () => {
    const { log, writer, key, context } = scene();
    const records = [sealRecord(context, { kind: 'item', item: randomBytes(16), rev: 1, hlc }, text('one'))];
    const opened = openBatchRecords(decodeBatch(writer.next(log, { records })), key);
    expect(opened.map((r) => r.ok && new TextDecoder().decode(r.plaintext))).toEqual(['one']);
  });

  it('quarantines a record sealed by another author (BAD_RECORD) and still opens the others', () => {
    const { log, writer, key, context } = scene();
    const forged = sealRecord({ ...context, author: randomBytes(16) }, { kind: 'item', item: randomBytes(16), rev: 1, hlc }, text('x'));
    const good = sealRecord(context, { kind: 'tombstone', item: randomBytes(16), rev: 2, hlc }, new Uint8Array());
    const opened = openBatchRecords(decodeBatch(writer.next(log, { records: [forged, good] })), key);
    expect(opened.map((r) => (r.ok ? 'ok' : r.code))).toEqual(['BAD_RECORD', 'ok']);
  });

  it('quarantines every record of a batch whose epoch is not the key’s (BAD_RECORD)', () => {
    const { log, writer, key, context } = scene();
    const records = [sealRecord(context, { kind: 'meta', item: randomBytes(16), rev: 1, hlc }, text('m'))];
    const opened = openBatchRecords(decodeBatch(writer.next(log, { records, epoch: 2, prev: ZERO_HASH })), key);
    expect(opened.every((r) => !r.ok)).toBe(true);
  });

  it('refuses a key of another collection (BAD_INPUT)', () => {
    const { log, writer, key } = scene();
    const batch = decodeBatch(writer.next(log));
    expect(() => openBatchRecords(batch, { ...key, collection: randomBytes(16) })).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
