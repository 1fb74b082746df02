import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CborValue, encodeCanonical } from '../../crypto/cbor';
import { type Stamp } from '../hlc';
import { EMPTY_STATE, edit, merge, type MergeState, remove } from '../item-merge';
import { canonicalJson, parseCanonicalJson } from './canonical-json';
import { decodeDelta, encodeDelta, normalDelta, recordKindOf } from './record-payload';

const DEVICE = 'ab'.repeat(16);
const stamp = (wall: number, counter = 0, device = DEVICE): Stamp => ({ wall, counter, device });
const code = (c: string) => expect.objectContaining({ code: c });

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const stampArb = fc.record({ wall: fc.nat(2 ** 42), counter: fc.nat(5), device: fc.constantFrom(DEVICE, 'cd'.repeat(16)) });
const deltaArb: fc.Arbitrary<MergeState> = fc
  .record({
    edits: fc.array(fc.record({ field: fc.constantFrom('name', 'password', 'url', 'notes'), value: jsonValue, stamp: stampArb }), { maxLength: 6 }),
    tombstone: fc.option(stampArb, { nil: undefined }),
  })
  .map(({ edits, tombstone }) => {
    let state = edits.reduce<MergeState>((s, e) => edit(s, { [e.field]: e.value }, e.stamp), EMPTY_STATE);
    if (tombstone !== undefined) state = remove(state, tombstone);
    return state;
  });

describe('record payload: a delta merge state, one encoding, strictly decoded', () => {
  it('round-trips any delta to its normal form, and equal states encode to equal bytes', () => {
    fc.assert(
      fc.property(deltaArb, deltaArb, (a, b) => {
        expect(decodeDelta(encodeDelta(a))).toEqual(normalDelta(a));
        expect(encodeDelta(merge(a, b))).toEqual(encodeDelta(merge(b, a)));
      }),
      { numRuns: 50 },
    );
  });

  it('normalizes values as a receiver decodes them: -0 anywhere is 0', () => {
    const delta = edit(EMPTY_STATE, { name: { '': -0 }, notes: [-0] }, stamp(1));
    const decoded = decodeDelta(encodeDelta(delta));
    expect(decoded).toEqual(normalDelta(delta));
    expect(Object.is((decoded.fields.name?.[0]?.value as Record<string, number>)[''], 0)).toBe(true);
  });

  it('keeps the kind a record is sent as: a tombstone alone, or an item', () => {
    const item = edit(EMPTY_STATE, { name: 'x' }, stamp(1));
    expect(recordKindOf(item)).toBe('item');
    expect(recordKindOf({ fields: {}, tombstone: remove(item, stamp(2)).tombstone })).toBe('tombstone');
  });

  it('refuses another kind, version, extra fields, bad devices, non-canonical values and non-normal order', () => {
    const payload = (fields: CborValue, tombstone: CborValue = []) => encodeCanonical({ kind: 'item-delta', v: 1, fields, tombstone });
    const raw = (kind: string, v: number, body: Record<string, CborValue>) => encodeCanonical({ ...body, kind, v });
    const v = (value: string, wall: number, device = DEVICE) => ({ value, wall, counter: 0, device });
    expect(() => decodeDelta(raw('item-delta', 2, { fields: [], tombstone: [] }))).toThrowError(code('BAD_RECORD'));
    expect(() => decodeDelta(raw('other', 1, { fields: [], tombstone: [] }))).toThrowError(code('BAD_RECORD'));
    expect(() => decodeDelta(new TextEncoder().encode('{"fields":{}}'))).toThrowError(code('BAD_RECORD'));
    expect(() => decodeDelta(payload([{ name: 'n', versions: [v('"a"', 1, 'laptop')] }]))).toThrowError(code('BAD_RECORD'));
    expect(() => decodeDelta(payload([{ name: 'n', versions: [v('"a" ', 1)] }]))).toThrowError(code('BAD_RECORD'));
    expect(() => decodeDelta(payload([{ name: 'n', versions: [v('{"b":1,"a":2}', 1)] }]))).toThrowError(code('BAD_RECORD'));
    expect(() => decodeDelta(payload([{ name: 'n', versions: [v('"old"', 1), v('"new"', 2)] }]))).toThrowError(code('BAD_RECORD'));
    expect(() => decodeDelta(payload([{ name: 'n', versions: [] }]))).toThrowError(code('BAD_RECORD'));
    expect(() => decodeDelta(payload([{ name: 'b', versions: [v('1', 1)] }, { name: 'a', versions: [v('1', 1)] }]))).toThrowError(code('BAD_RECORD'));
    expect(() => decodeDelta(payload([], [{ wall: 1, counter: 0, device: DEVICE, seen: { wall: 1, counter: 0, device: DEVICE } }, { wall: 2, counter: 0, device: DEVICE, seen: { wall: 1, counter: 0, device: DEVICE } }]))).toThrowError(code('BAD_RECORD'));
    expect(decodeDelta(payload([{ name: 'n', versions: [v('"new"', 2), v('"old"', 1)] }]))).toEqual(
      merge(edit(EMPTY_STATE, { n: 'old' }, stamp(1)), edit(EMPTY_STATE, { n: 'new' }, stamp(2))),
    );
  });

  it('refuses to encode a value that is not JSON data', () => {
    expect(() => encodeDelta(edit(EMPTY_STATE, { n: new Date(0) }, stamp(1)))).toThrowError(code('BAD_INPUT'));
    expect(() => encodeDelta(edit(EMPTY_STATE, { n: Number.NaN }, stamp(1)))).toThrowError(code('BAD_INPUT'));
    expect(() => encodeDelta(edit(EMPTY_STATE, { n: 'x' }, stamp(1, 0, 'laptop')))).toThrowError(code('BAD_INPUT'));
  });
});

describe('canonical JSON', () => {
  it('sorts keys and round-trips any JSON value', () => {
    expect(canonicalJson({ b: [1, { d: null, c: 'x' }], a: true })).toBe('{"a":true,"b":[1,{"c":"x","d":null}]}');
    fc.assert(
      fc.property(jsonValue, (value) => {
        // As JSON itself does, -0 is written as 0: the round trip equals the value read back by JSON.parse.
        expect(parseCanonicalJson(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});
