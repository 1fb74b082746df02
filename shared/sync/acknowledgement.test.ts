import { describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/random';
import { checkAcknowledged } from './acknowledgement';
import { emptyPinnedLog } from './pinned-log';
import { TestLog, TestWorld, TestWriter } from './test-fixtures';
import { verifyPull } from './verify-batch';

function setup() {
  const world = new TestWorld();
  const log = new TestLog();
  const me = world.add(new TestWriter(randomBytes(32)));
  const other = world.add(new TestWriter(randomBytes(32)));
  log.append(other.next(log));
  log.append(me.next(log));
  const ack = log.claimed(); // what the server answered when it took my batch
  return { world, log, me, other, ack };
}

const code = (c: string) => expect.objectContaining({ code: c });

describe('acknowledged batches', () => {
  it('an acknowledged batch found at its seq in the next pull passes; one not yet reached stays pending', () => {
    const { world, log, ack } = setup();
    const pinned = verifyPull(emptyPinnedLog(log.collection), log.entries.slice(0, 1), log.claimed(), world).state;
    expect(checkAcknowledged(pinned, log.claimed(), [ack])).toEqual([ack]);
    const caughtUp = verifyPull(pinned, log.entries.slice(1), log.claimed(), world).state;
    expect(checkAcknowledged(caughtUp, log.claimed(), [ack])).toEqual([]);
  });

  it('detects a server that drops our acknowledged batch and serves another there (FORK)', () => {
    const { world, log, other, ack } = setup();
    const lie = new TestLog(log.collection);
    lie.append(log.entries[0]?.batch ?? new Uint8Array());
    lie.append(other.next(lie));
    const pinned = verifyPull(emptyPinnedLog(log.collection), lie.entries, lie.claimed(), world).state;
    expect(() => checkAcknowledged(pinned, lie.claimed(), [ack])).toThrowError(code('FORK'));
  });

  it('detects a server head rolled back behind our acknowledged batch (ROLLBACK)', () => {
    const { world, log, ack } = setup();
    const pinned = verifyPull(emptyPinnedLog(log.collection), log.entries.slice(0, 1), { seq: 1, head: headAt1(log) }, world).state;
    expect(() => checkAcknowledged(pinned, { seq: 1, head: headAt1(log) }, [ack])).toThrowError(code('ROLLBACK'));
  });
});

function headAt1(log: TestLog): Uint8Array {
  const first = new TestLog(log.collection);
  first.append(log.entries[0]?.batch ?? new Uint8Array());
  return first.head;
}
