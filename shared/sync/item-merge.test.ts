import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareStamps, receive, tick, type Stamp } from './hlc';
import { EMPTY_STATE, edit, merge, remove, view, type MergeState } from './item-merge';

const stamp = (wall: number, device: string, counter = 0): Stamp => ({ wall, counter, device });

describe('hybrid logical clock', () => {
  it('never goes backwards and moves past what it receives', () => {
    const a = tick({ wall: 1000, counter: 0 }, 900);
    expect(a).toEqual({ wall: 1000, counter: 1 });
    const b = receive(a, { wall: 5000, counter: 3 }, 1200);
    expect(b).toEqual({ wall: 5000, counter: 4 });
    expect(tick(b, 1300)).toEqual({ wall: 5000, counter: 5 });
  });

  it('refuses a timestamp more than a day ahead', () => {
    expect(() => receive({ wall: 0, counter: 0 }, { wall: 2 * 86_400_000, counter: 0 }, 0)).toThrowError(expect.objectContaining({ code: 'BAD_RECORD' }));
  });

  it('orders stamps totally, ties broken by device', () => {
    expect(compareStamps(stamp(1, 'a'), stamp(1, 'b'))).toBe(-1);
    expect(compareStamps(stamp(2, 'a'), stamp(1, 'b'))).toBe(1);
    expect(compareStamps(stamp(1, 'a', 1), stamp(1, 'a', 1))).toBe(0);
  });
});

describe('item merge', () => {
  const base = edit(EMPTY_STATE, { name: 'Shop', username: 'alice', password: 'old-pass' }, stamp(100, 'laptop'));

  it('keeps concurrent edits of different fields', () => {
    const onLaptop = edit(base, { username: 'alice2' }, stamp(200, 'laptop'));
    const onPhone = edit(base, { password: 'new-pass' }, stamp(201, 'phone'));
    expect(view(merge(onLaptop, onPhone)).values).toEqual({ name: 'Shop', username: 'alice2', password: 'new-pass' });
  });

  it('last writer wins on one field and the loser goes to history', () => {
    const onLaptop = edit(base, { password: 'laptop-pass' }, stamp(200, 'laptop'));
    const onPhone = edit(base, { password: 'phone-pass' }, stamp(300, 'phone'));
    const merged = view(merge(onLaptop, onPhone));
    expect(merged.values.password).toBe('phone-pass');
    expect(merged.history.map((h) => h.value)).toEqual(['laptop-pass', 'old-pass']);
  });

  it('an edit beats a concurrent delete, and says who restored it', () => {
    const deleted = remove(base, stamp(300, 'laptop'));
    const edited = edit(base, { password: 'phone-pass' }, stamp(250, 'phone'));
    const merged = view(merge(deleted, edited));
    expect(merged.deleted).toBe(false);
    expect(merged.restoredBy).toBe('phone');
  });

  it('a delete of everything its author had seen stays deleted', () => {
    const edited = edit(base, { password: 'phone-pass' }, stamp(250, 'phone'));
    const deleted = remove(edited, stamp(300, 'laptop'));
    expect(view(merge(deleted, edited)).deleted).toBe(true);
  });

  const devices = fc.constantFrom('laptop', 'phone', 'tablet');
  const operation = fc.oneof(
    fc.record({ kind: fc.constant('edit' as const), field: fc.constantFrom('name', 'username', 'password'), value: fc.string({ maxLength: 4 }), wall: fc.integer({ min: 0, max: 50 }), device: devices }),
    fc.record({ kind: fc.constant('delete' as const), wall: fc.integer({ min: 0, max: 50 }), device: devices }),
  );
  type Op = typeof operation extends fc.Arbitrary<infer T> ? T : never;
  const apply = (state: MergeState, op: Op, i: number): MergeState =>
    op.kind === 'edit' ? edit(state, { [op.field]: op.value }, stamp(op.wall, op.device, i)) : remove(state, stamp(op.wall, op.device, i));
  // Stamps collide across replicas on purpose (same wall, device and counter): merge must still converge.
  const replica = fc.array(operation, { maxLength: 6 }).map((ops) => ops.reduce(apply, base));

  it('converges: merge is commutative, associative and idempotent', () => {
    fc.assert(
      fc.property(replica, replica, replica, (a, b, c) => {
        expect(view(merge(a, b))).toEqual(view(merge(b, a)));
        expect(view(merge(merge(a, b), c))).toEqual(view(merge(a, merge(b, c))));
        expect(view(merge(a, a))).toEqual(view(a));
      }),
      { numRuns: 1000 },
    );
  });

  it('loses no value: every overwritten value is in the history (within the limit)', () => {
    fc.assert(
      fc.property(replica, replica, (a, b) => {
        const merged = view(merge(a, b));
        const seen = [a, b].flatMap((s) => Object.entries(s.fields).flatMap(([field, versions]) => versions.map((v) => `${field}=${String(v.value)}@${v.stamp.wall}.${v.stamp.counter}.${v.stamp.device}`)));
        const kept = new Set([
          ...Object.entries(merge(a, b).fields).flatMap(([field, versions]) => versions.map((v) => `${field}=${String(v.value)}@${v.stamp.wall}.${v.stamp.counter}.${v.stamp.device}`)),
        ]);
        for (const version of seen) expect(kept.has(version)).toBe(true);
        expect(merged.history.length).toBeLessThanOrEqual(150);
      }),
    );
  });
});
