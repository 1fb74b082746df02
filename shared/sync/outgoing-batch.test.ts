import { describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/random';
import { decodeBatch } from './batch';
import { type BatchAuthor, type BatchContent, EMPTY_RUN, makeNextBatch } from './outgoing-batch';
import { emptyPinnedLog } from './pinned-log';
import { chainHash, sampleRecord, TestLog, TestWorld, TestWriter } from './test-fixtures';
import { verifyPull } from './verify-batch';

describe('making this device’s next batch', () => {
  it('counts from 1 and chains prev to the previous batch; the run verifies on another device', () => {
    const world = new TestWorld();
    const writer = world.add(new TestWriter(randomBytes(32)));
    const author: BatchAuthor = { identity: writer.identity, device: writer.device, seed: writer.keys.seed, publicKey: writer.keys.publicKey };
    const log = new TestLog();
    const content = (): BatchContent => ({
      collection: log.collection,
      epoch: 1,
      seen: { seq: log.seq, head: log.head },
      chains: {
        identity: { seq: 0, head: chainHash('identity', writer.identity, 0) },
        collection: { seq: 0, head: chainHash('collection', log.collection, 0) },
      },
      records: [sampleRecord()],
    });
    const first = makeNextBatch(author, EMPTY_RUN, content());
    log.append(first.bytes);
    const second = makeNextBatch(author, first.run, content());
    log.append(second.bytes);
    expect(decodeBatch(first.bytes).fields.counter).toBe(1);
    expect(decodeBatch(second.bytes).fields.prev).toEqual(first.batchId);
    expect(second.run).toEqual({ counter: 2, prev: second.batchId });
    expect(verifyPull(emptyPinnedLog(log.collection), log.entries, log.claimed(), world).state.seq).toBe(2);
  });

  it('refuses a corrupt run (BAD_INPUT)', () => {
    const keys = new TestWriter(randomBytes(32));
    const author: BatchAuthor = { identity: keys.identity, device: keys.device, seed: keys.keys.seed, publicKey: keys.keys.publicKey };
    const content: BatchContent = { collection: randomBytes(16), epoch: 0, seen: { seq: 0, head: new Uint8Array(32) }, chains: { identity: { seq: 0, head: new Uint8Array(32) }, collection: { seq: 0, head: new Uint8Array(32) } }, records: [] };
    expect(() => makeNextBatch(author, { counter: -1, prev: new Uint8Array(32) }, content)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
