import fc from 'fast-check';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/random';
import type { ErrorCode } from '../protocol/errors';
import { decodeBatch } from './batch';
import { emptyPinnedLog, type PinnedLog } from './pinned-log';
import { chainHash, TestLog, TestWorld, TestWriter } from './test-fixtures';
import { type LogEntry, verifyBatch, verifyPull } from './verify-batch';

const code = (c: ErrorCode) => expect.objectContaining({ name: 'VaultError', code: c });

/** Two identities' devices writing to one collection: alice has laptop and phone, bob one device. */
function setup() {
  const world = new TestWorld();
  const log = new TestLog();
  const alice = randomBytes(32);
  const bob = randomBytes(32);
  const laptop = world.add(new TestWriter(alice));
  const phone = world.add(new TestWriter(alice, 2));
  const bobs = world.add(new TestWriter(bob));
  return { world, log, laptop, phone, bobs, state: emptyPinnedLog(log.collection) };
}

/** Assert `run` throws the named state and leaves `state` deep-equal to a snapshot taken before. */
function refuses(state: PinnedLog, expected: ErrorCode, run: () => unknown): void {
  const before = structuredClone(state);
  expect(run).toThrowError(code(expected));
  expect(state).toEqual(before);
}

describe('verifyPull: honest logs', () => {
  it('a valid sequence of batches from two devices verifies', () => {
    const { world, log, laptop, bobs, state } = setup();
    log.append(laptop.next(log));
    log.append(bobs.next(log));
    log.append(laptop.next(log));
    const first = verifyPull(state, log.entries.slice(0, 2), log.claimed(), world);
    log.append(bobs.next(log));
    const second = verifyPull(first.state, log.entries.slice(2), log.claimed(), world);
    expect(second.state.seq).toBe(4);
    expect(second.state.heads[4]).toBe(bytesToHex(log.head));
    expect(second.state.devices[bytesToHex(laptop.device)]?.counter).toBe(2);
    expect(second.batches.map((b) => b.fields.counter)).toEqual([2, 2]);
    expect(state).toEqual(emptyPinnedLog(log.collection));
  });

  it('accepts a page that runs behind the server head (more pages to pull)', () => {
    const { world, log, laptop, state } = setup();
    log.append(laptop.next(log));
    log.append(laptop.next(log));
    expect(verifyPull(state, log.entries.slice(0, 1), log.claimed(), world).state.seq).toBe(1);
  });

  it('accepts a device that learned a newer chain position than another device had used', () => {
    const { world, log, laptop, bobs, state } = setup();
    bobs.identitySeq = 0;
    log.append(laptop.next(log));
    laptop.identitySeq = 5;
    log.append(laptop.next(log));
    log.append(bobs.next(log));
    expect(verifyPull(state, log.entries, log.claimed(), world).state.seq).toBe(3);
  });
});

describe('verifyBatch: signatures and trust', () => {
  it('any byte flip in a batch → BAD_SIGNATURE', () => {
    const { world, log, laptop, state } = setup();
    const bytes = laptop.next(log);
    fc.assert(
      fc.property(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, mask) => {
        const flipped = bytes.slice();
        flipped[index] = (flipped[index] ?? 0) ^ mask;
        refuses(state, 'BAD_SIGNATURE', () => verifyBatch(state, { seq: 1, batch: flipped }, world));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a batch signed by a key the identity chain never bound to its device (UNTRUSTED_WRITER)', () => {
    const { world, log, laptop, state } = setup();
    const impostor = new TestWriter(laptop.identity);
    const entry = log.append(impostor.next(log, { device: laptop.device }));
    refuses(state, 'UNTRUSTED_WRITER', () => verifyBatch(state, entry, world));
  });

  it('refuses a batch from a device the identity chain does not know (UNTRUSTED_WRITER)', () => {
    const { world, log, laptop, state } = setup();
    const stranger = new TestWriter(laptop.identity);
    refuses(state, 'UNTRUSTED_WRITER', () => verifyBatch(state, log.append(stranger.next(log)), world));
  });

  it('refuses a batch signed by a real device of another identity claiming this one', () => {
    const { world, log, laptop, bobs, state } = setup();
    const chains = {
      identity: { seq: 0, head: chainHash('identity', laptop.identity, 0) },
      collection: { seq: 0, head: chainHash('collection', log.collection, 0) },
    };
    const entry = log.append(bobs.next(log, { identity: laptop.identity, chains }));
    refuses(state, 'UNTRUSTED_WRITER', () => verifyBatch(state, entry, world));
  });

  it('refuses a batch from a device referencing a chain position before it was added', () => {
    const { world, log, phone, state } = setup();
    phone.identitySeq = 1;
    refuses(state, 'UNTRUSTED_WRITER', () => verifyBatch(state, log.append(phone.next(log)), world));
  });

  it('refuses a batch signed by a device revoked earlier in the chain', () => {
    const { world, log, laptop, phone, state } = setup();
    phone.identitySeq = 4;
    laptop.revokedAt = 3;
    log.append(phone.next(log));
    const pinned = verifyPull(state, log.entries, log.claimed(), world).state;
    // The revoked laptop backdates: it references entry 0, when it was still trusted.
    const entry = log.append(laptop.next(log));
    refuses(pinned, 'UNTRUSTED_WRITER', () => verifyBatch(pinned, entry, world));
  });

  it('refuses a device whose referenced chain position goes backwards', () => {
    const { world, log, laptop, state } = setup();
    laptop.identitySeq = 4;
    log.append(laptop.next(log));
    const pinned = verifyPull(state, log.entries, log.claimed(), world).state;
    laptop.identitySeq = 3;
    refuses(pinned, 'UNTRUSTED_WRITER', () => verifyBatch(pinned, log.append(laptop.next(log)), world));
  });

  it('refuses a batch under a chain position the client has not validated', () => {
    const { world, log, laptop, state } = setup();
    laptop.identitySeq = world.identityLength;
    refuses(state, 'UNTRUSTED_WRITER', () => verifyBatch(state, log.append(laptop.next(log)), world));
  });

  it('detects a batch made under another branch of the identity chain (FORK)', () => {
    const { world, log, laptop, state } = setup();
    const other = { seq: 0, head: chainHash('identity-branch', laptop.identity, 0) };
    const entry = log.append(laptop.next(log, { chains: { identity: other, collection: { seq: 0, head: chainHash('collection', log.collection, 0) } } }));
    refuses(state, 'FORK', () => verifyBatch(state, entry, world));
  });

  it('refuses a batch written under a retired epoch', () => {
    const { world, log, laptop, state } = setup();
    world.retired.add(1);
    refuses(state, 'UNTRUSTED_WRITER', () => verifyBatch(state, log.append(laptop.next(log)), world));
  });
});

describe('verifyBatch: device runs', () => {
  it('detects a server that drops a batch in the middle (OMISSION)', () => {
    const { world, log, laptop, state } = setup();
    laptop.next(log); // batch 1 is signed but the server never shows it
    refuses(state, 'OMISSION', () => verifyBatch(state, log.append(laptop.next(log)), world));
  });

  it('replayed batch → REPLAY', () => {
    const { world, log, laptop, state } = setup();
    const first = log.append(laptop.next(log));
    const pinned = verifyPull(state, log.entries, log.claimed(), world).state;
    refuses(pinned, 'REPLAY', () => verifyBatch(pinned, log.append(first.batch), world));
  });

  it('an old batch re-inserted later at a new seq → REPLAY', () => {
    const { world, log, laptop, state } = setup();
    const first = log.append(laptop.next(log));
    log.append(laptop.next(log));
    const pinned = verifyPull(state, log.entries, log.claimed(), world).state;
    refuses(pinned, 'REPLAY', () => verifyBatch(pinned, log.append(first.batch), world));
  });

  it('detects two different batches for one counter (FORK)', () => {
    const { world, log, laptop, state } = setup();
    log.append(laptop.next(log));
    const pinned = verifyPull(state, log.entries, log.claimed(), world).state;
    laptop.counter = 0;
    laptop.prev = new Uint8Array(32);
    refuses(pinned, 'FORK', () => verifyBatch(pinned, log.append(laptop.next(log)), world));
  });

  it('detects a batch whose prev skips its device’s previous batch (FORK)', () => {
    const { world, log, laptop, state } = setup();
    log.append(laptop.next(log));
    const pinned = verifyPull(state, log.entries, log.claimed(), world).state;
    refuses(pinned, 'FORK', () => verifyBatch(pinned, log.append(laptop.next(log, { prev: randomBytes(32) })), world));
  });

  it('refuses a first batch that claims a previous one (FORK)', () => {
    const { world, log, laptop, state } = setup();
    refuses(state, 'FORK', () => verifyBatch(state, log.append(laptop.next(log, { prev: randomBytes(32) })), world));
  });

  it('detects a batch moved to another collection’s log (REPLAY)', () => {
    const { world, log, laptop, state } = setup();
    const elsewhere = new TestLog();
    const entry = log.append(laptop.next(elsewhere));
    refuses(state, 'REPLAY', () => verifyBatch(state, entry, world));
  });
});

describe('verifyPull: the log and its heads', () => {
  function pinnedAfterTwo() {
    const s = setup();
    s.log.append(s.laptop.next(s.log));
    s.log.append(s.bobs.next(s.log));
    return { ...s, pinned: verifyPull(s.state, s.log.entries, s.log.claimed(), s.world).state };
  }

  it('detects a rolled-back log (ROLLBACK)', () => {
    const { world, pinned } = pinnedAfterTwo();
    const snapshot = { seq: 1, head: decodeHead(pinned, 1) };
    refuses(pinned, 'ROLLBACK', () => verifyPull(pinned, [], snapshot, world));
  });

  it('detects a log served again from before the pinned seq (ROLLBACK)', () => {
    const { world, log, pinned } = pinnedAfterTwo();
    const replayed: LogEntry = { seq: 2, batch: log.entries[1]?.batch ?? new Uint8Array() };
    refuses(pinned, 'ROLLBACK', () => verifyPull(pinned, [replayed], log.claimed(), world));
  });

  it('detects a gap in server seqs (OMISSION)', () => {
    const { world, log, laptop, pinned } = pinnedAfterTwo();
    const entry = { seq: 4, batch: laptop.next(log) };
    refuses(pinned, 'OMISSION', () => verifyPull(pinned, [entry], { seq: 4, head: randomBytes(32) }, world));
  });

  it('detects a server that claims newer batches and serves none (OMISSION)', () => {
    const { world, log, pinned } = pinnedAfterTwo();
    refuses(pinned, 'OMISSION', () => verifyPull(pinned, [], { seq: 3, head: log.head }, world));
  });

  it('detects a server head that diverges from the pinned one (FORK)', () => {
    const { world, pinned } = pinnedAfterTwo();
    refuses(pinned, 'FORK', () => verifyPull(pinned, [], { seq: 2, head: randomBytes(32) }, world));
  });

  it('checks the head the server claims beside each entry (FORK on a mismatch)', () => {
    const { world, log, laptop, pinned } = pinnedAfterTwo();
    const entry = log.append(laptop.next(log));
    expect(verifyBatch(pinned, { ...entry, head: log.head }, world).state.seq).toBe(3);
    refuses(pinned, 'FORK', () => verifyBatch(pinned, { ...entry, head: randomBytes(32) }, world));
  });

  it('detects a server head claim shorter than the page it served (FORK)', () => {
    const { world, log, laptop, pinned } = pinnedAfterTwo();
    const entry = log.append(laptop.next(log));
    refuses(pinned, 'FORK', () => verifyPull(pinned, [entry], { seq: 2, head: decodeHead(pinned, 2) }, world));
  });

  it('detects two devices shown different branches: a seen head not in our history (FORK)', () => {
    const { world, log, bobs, pinned } = pinnedAfterTwo();
    const entry = log.append(bobs.next(log, { seen: { seq: 1, head: randomBytes(32) } }));
    refuses(pinned, 'FORK', () => verifyBatch(pinned, entry, world));
  });

  it('refuses a batch whose author claims to have seen itself or later (FORK)', () => {
    const { world, log, bobs, pinned } = pinnedAfterTwo();
    const entry = log.append(bobs.next(log, { seen: { seq: 3, head: log.head } }));
    refuses(pinned, 'FORK', () => verifyBatch(pinned, entry, world));
  });

  it('leaves the pinned state untouched when a later entry of a page fails', () => {
    const { world, log, laptop, pinned } = pinnedAfterTwo();
    log.append(laptop.next(log));
    const bad = { seq: 4, batch: log.entries[0]?.batch ?? new Uint8Array() };
    refuses(pinned, 'REPLAY', () => verifyPull(pinned, [...log.entries.slice(2), bad], log.claimed(), world));
    expect(decodeBatch(log.entries[2]?.batch ?? new Uint8Array()).fields.counter).toBe(2);
  });
});

function decodeHead(state: PinnedLog, seq: number): Uint8Array {
  return Uint8Array.from((state.heads[seq] ?? '').match(/../g) ?? [], (h) => parseInt(h, 16));
}
