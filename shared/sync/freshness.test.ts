import fc from 'fast-check';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/random';
import { checkFreshness, checkHeartbeatAgainstLog, staleDevices, verifyHeartbeat } from './freshness';
import { decodeHeartbeat, type HeartbeatFields, signHeartbeat } from './heartbeat';
import { emptyPinnedLog } from './pinned-log';
import { chainHash, TestLog, TestWorld, TestWriter } from './test-fixtures';
import { verifyPull } from './verify-batch';

const DAY = 86_400_000;
const code = (c: string) => expect.objectContaining({ code: c });

function setup() {
  const world = new TestWorld();
  const log = new TestLog();
  const laptop = world.add(new TestWriter(randomBytes(32)));
  const bob = world.add(new TestWriter(randomBytes(32)));
  log.append(laptop.next(log));
  log.append(bob.next(log));
  const pinned = verifyPull(emptyPinnedLog(log.collection), log.entries, log.claimed(), world).state;
  const beat = (writer: TestWriter, report: Partial<HeartbeatFields['logs'][number]> = {}, patch: Partial<HeartbeatFields> = {}) =>
    signHeartbeat(
      {
        identity: writer.identity,
        device: writer.device,
        signer: writer.keys.publicKey,
        time: 1_700_000_000_000,
        chain: { seq: writer.identitySeq, head: chainHash('identity', writer.identity, writer.identitySeq) },
        logs: [{ collection: log.collection, counter: writer.counter, seq: log.seq, head: log.head, ...report }],
        ...patch,
      },
      writer.keys.seed,
    );
  return { world, log, laptop, bob, pinned, beat };
}

describe('heartbeats', () => {
  it('a heartbeat that matches the verified log is consistent', () => {
    const { world, log, laptop, pinned, beat } = setup();
    const heartbeat = verifyHeartbeat(beat(laptop), pinned, world, log.collection);
    expect(checkHeartbeatAgainstLog(pinned, heartbeat)).toBe('consistent');
  });

  it('detects a server hiding a device’s newest batch from us (OMISSION)', () => {
    const { world, log, laptop, pinned, beat } = setup();
    laptop.next(log); // acknowledged to the laptop, hidden from us
    const heartbeat = verifyHeartbeat(beat(laptop, { seq: 2, head: log.head }), pinned, world, log.collection);
    const before = structuredClone(pinned);
    expect(() => checkHeartbeatAgainstLog(pinned, heartbeat)).toThrowError(code('OMISSION'));
    expect(pinned).toEqual(before);
  });

  it('detects two devices shown different branches (FORK)', () => {
    const { world, log, bob, pinned, beat } = setup();
    const heartbeat = verifyHeartbeat(beat(bob, { seq: 2, head: randomBytes(32) }), pinned, world, log.collection);
    expect(() => checkHeartbeatAgainstLog(pinned, heartbeat)).toThrowError(code('FORK'));
  });

  it('says "pull more" for a report beyond our pinned seq, and "absent" for another collection', () => {
    const { world, log, bob, pinned, beat } = setup();
    expect(checkHeartbeatAgainstLog(pinned, verifyHeartbeat(beat(bob, { seq: 3 }), pinned, world, log.collection))).toBe('ahead');
    expect(checkHeartbeatAgainstLog(pinned, verifyHeartbeat(beat(bob, { collection: randomBytes(16) }), pinned, world, log.collection))).toBe('absent');
  });

  it('any byte flip in a heartbeat → BAD_SIGNATURE', () => {
    const { world, log, laptop, pinned, beat } = setup();
    const bytes = beat(laptop);
    fc.assert(
      fc.property(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (i, mask) => {
        const flipped = bytes.slice();
        flipped[i] = (flipped[i] ?? 0) ^ mask;
        expect(() => verifyHeartbeat(flipped, pinned, world, log.collection)).toThrowError(code('BAD_SIGNATURE'));
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a heartbeat from a revoked device (UNTRUSTED_WRITER)', () => {
    const { world, log, laptop, pinned, beat } = setup();
    laptop.revokedAt = 0;
    expect(() => verifyHeartbeat(beat(laptop), pinned, world, log.collection)).toThrowError(code('UNTRUSTED_WRITER'));
  });

  it('round-trips and refuses wrong field lengths when signing (BAD_INPUT)', () => {
    const { laptop, beat } = setup();
    expect(decodeHeartbeat(beat(laptop)).fields.device).toEqual(laptop.device);
    expect(() => beat(laptop, {}, { device: randomBytes(15) })).toThrowError(code('BAD_INPUT'));
  });
});

describe('silent devices', () => {
  it('names a device silent for longer than the window (STALE), since its last heartbeat', () => {
    const now = 100 * DAY;
    const heard = { [bytesToHex(randomBytes(16))]: now - 2 * DAY, aa: now - 8 * DAY };
    expect(staleDevices(heard, now, 7 * DAY)).toEqual([{ device: 'aa', since: now - 8 * DAY }]);
    expect(() => checkFreshness(heard, now, 7 * DAY)).toThrowError(code('STALE'));
    expect(() => checkFreshness(heard, now, 9 * DAY)).not.toThrow();
  });
});
