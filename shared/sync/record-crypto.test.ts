import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/random';
import type { BatchRecord } from './batch';
import { openRecord, type RecordContext, type RecordHeader, sealRecord } from './record-crypto';

const context: RecordContext = {
  identity: randomBytes(32),
  collection: randomBytes(16),
  epoch: 2,
  key: randomBytes(32),
  author: randomBytes(16),
};
const header = (patch: Partial<RecordHeader> = {}): RecordHeader => ({
  kind: 'item',
  item: randomBytes(16),
  rev: 4,
  hlc: { wall: 1_700_000_000_000, counter: 1 },
  ...patch,
});
const text = (s: string) => new TextEncoder().encode(s);
const badRecord = expect.objectContaining({ code: 'BAD_RECORD' });

describe('record sealing', () => {
  it('opens what it sealed, for items, tombstones and meta records', () => {
    for (const kind of ['item', 'tombstone', 'meta'] as const) {
      const record = sealRecord(context, header({ kind }), text(`payload ${kind}`));
      expect(new TextDecoder().decode(openRecord(context, record))).toBe(`payload ${kind}`);
    }
  });

  it('pads plaintexts to buckets, so lengths within a bucket look alike', () => {
    const short = sealRecord(context, header(), text('a'));
    const longer = sealRecord(context, header(), text('a much longer secret note, still inside one bucket'));
    expect(short.sealed.length).toBe(longer.sealed.length);
    expect(short.sealed.length).toBe(256 + 40);
  });

  it('swapped records between items do not open (BAD_RECORD)', () => {
    const a = sealRecord(context, header(), text('alice@bank'));
    const b = sealRecord(context, header(), text('bob@mail'));
    const swapped: BatchRecord = { ...a, sealed: b.sealed };
    expect(() => openRecord(context, swapped)).toThrowError(badRecord);
  });

  it('a record moved to another collection, epoch, identity or author does not open (BAD_RECORD)', () => {
    const record = sealRecord(context, header(), text('secret'));
    const moved: RecordContext[] = [
      { ...context, collection: randomBytes(16) },
      { ...context, epoch: 3 },
      { ...context, identity: randomBytes(32) },
      { ...context, author: randomBytes(16) },
      { ...context, key: randomBytes(32) },
    ];
    for (const where of moved) expect(() => openRecord(where, record)).toThrowError(badRecord);
  });

  it('a record relabelled with another kind, revision or HLC does not open (BAD_RECORD)', () => {
    const record = sealRecord(context, header(), text('secret'));
    const relabelled: BatchRecord[] = [
      { ...record, kind: 'tombstone' },
      { ...record, rev: 5 },
      { ...record, hlc: { wall: record.hlc.wall + 1, counter: 1 } },
      { ...record, hlc: { wall: record.hlc.wall, counter: 2 } },
    ];
    for (const r of relabelled) expect(() => openRecord(context, r)).toThrowError(badRecord);
  });

  it('any byte flip in a sealed record → BAD_RECORD', () => {
    const record = sealRecord(context, header(), text('secret'));
    fc.assert(
      fc.property(fc.nat({ max: record.sealed.length - 1 }), fc.integer({ min: 1, max: 255 }), (i, mask) => {
        const sealed = record.sealed.slice();
        sealed[i] = (sealed[i] ?? 0) ^ mask;
        expect(() => openRecord(context, { ...record, sealed })).toThrowError(badRecord);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a box whose padded length is not a bucket (BAD_RECORD)', () => {
    const record = sealRecord(context, header(), text('secret'));
    expect(() => openRecord(context, { ...record, sealed: record.sealed.subarray(0, record.sealed.length - 1) })).toThrowError(badRecord);
  });
});
