import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { encodeCanonical } from './cbor';
import { decodeVersioned, encodeVersioned, type Schema } from './cbor-versioned';

const ROTATE = {
  kind: 'rotate-key',
  version: 2,
  fields: {
    collection: 'text',
    epoch: 'uint',
    commitment: 'bytes',
    sealedTo: { list: { map: { identity: 'text', generation: 'uint' } } },
    readOnly: 'bool',
  },
} as const satisfies Schema;

const fields = {
  collection: 'abc',
  epoch: 4,
  commitment: new Uint8Array([1, 2, 3]),
  sealedTo: [{ identity: 'id1', generation: 2 }],
  readOnly: false,
};

/** Build a raw map with the same shape, to forge inputs the encoder would never make. */
const raw = (overrides: Record<string, unknown>): Uint8Array =>
  encodeCanonical({ kind: 'rotate-key', v: 2, ...fields, ...overrides } as Parameters<typeof encodeCanonical>[0]);

describe('versioned canonical CBOR structures', () => {
  it('round-trips, and writes kind and v into the canonical map', () => {
    const bytes = encodeVersioned(ROTATE, fields);
    expect(decodeVersioned(ROTATE, bytes)).toEqual(fields);
    expect(bytesToHex(bytes)).toBe(bytesToHex(raw({})));
  });

  it('refuses an unknown (higher) version and a lower version with UNKNOWN_VERSION', () => {
    expect(() => decodeVersioned(ROTATE, raw({ v: 3 }))).toThrowError(expect.objectContaining({ code: 'UNKNOWN_VERSION' }));
    expect(() => decodeVersioned(ROTATE, raw({ v: 1 }))).toThrowError(expect.objectContaining({ code: 'UNKNOWN_VERSION' }));
  });

  it.each([
    ['an unknown top-level field', { extra: 1 }],
    ['an unknown nested field', { sealedTo: [{ identity: 'id1', generation: 2, role: 'owner' }] }],
    ['a missing nested field', { sealedTo: [{ identity: 'id1' }] }],
    ['a wrong type (text for uint)', { epoch: '4' }],
    ['a negative uint', { epoch: -1 }],
    ['a wrong type (text for bytes)', { commitment: 'AQID' }],
    ['a wrong type (number for bool)', { readOnly: 0 }],
    ['a map where a list belongs', { sealedTo: { identity: 'id1', generation: 2 } }],
    ['another kind', { kind: 'add-member' }],
    ['a missing version', { v: null }],
  ])('refuses %s with BAD_ENCODING', (_name, overrides) => {
    expect(() => decodeVersioned(ROTATE, raw(overrides))).toThrowError(expect.objectContaining({ code: 'BAD_ENCODING' }));
  });

  it('refuses a missing top-level field with BAD_ENCODING', () => {
    const { readOnly: _dropped, ...rest } = fields;
    const bytes = encodeCanonical({ kind: 'rotate-key', v: 2, ...rest });
    expect(() => decodeVersioned(ROTATE, bytes)).toThrowError(expect.objectContaining({ code: 'BAD_ENCODING' }));
  });

  it('refuses non-map input and non-canonical input with BAD_ENCODING', () => {
    expect(() => decodeVersioned(ROTATE, encodeCanonical([1, 2]))).toThrowError(expect.objectContaining({ code: 'BAD_ENCODING' }));
    const bytes = encodeVersioned(ROTATE, fields);
    const padded = new Uint8Array([...bytes, 0]);
    expect(() => decodeVersioned(ROTATE, padded)).toThrowError(expect.objectContaining({ code: 'BAD_ENCODING' }));
  });

  it('refuses to encode fields that do not match the schema, with BAD_INPUT', () => {
    const wrong = { ...fields, epoch: 1.5 };
    expect(() => encodeVersioned(ROTATE, wrong)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
    const extra = { ...fields, extra: 1 } as typeof fields;
    expect(() => encodeVersioned(ROTATE, extra)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
  });

  it('refuses schemas that use the reserved names kind or v', () => {
    const bad = { kind: 'x', version: 1, fields: { v: 'uint' } } as const satisfies Schema;
    expect(() => encodeVersioned(bad, { v: 1 })).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
