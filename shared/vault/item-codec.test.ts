import { describe, expect, it } from 'vitest';
import { VaultError } from '../protocol/errors';
import { createItem } from './edit-item';
import { decodeItem, encodeItem } from './item-codec';
import { ITEM_TYPES, type Item } from './item-types';
import { pad, unpad } from './padding';
import { countingRandom, DRAFTS } from './test-fixtures';

const NOW = 1_700_000_000_000;
const random = countingRandom(7);
const items: Item[] = ITEM_TYPES.map((type) => createItem(DRAFTS[type], NOW, random));
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

function badRecord(bytes: Uint8Array): string {
  try {
    decodeItem(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).code).toBe('BAD_RECORD');
    return (error as VaultError).message;
  }
  throw new Error('expected BAD_RECORD');
}

describe('item codec', () => {
  it('round-trips every item type, through padding too', () => {
    for (const item of items) {
      expect(decodeItem(encodeItem(item))).toEqual(item);
      expect(decodeItem(unpad(pad(encodeItem(item))))).toEqual(item);
    }
  });

  it('refuses to encode an invalid item', () => {
    const item = { ...items[0]!, name: '' } as Item;
    expect(() => encodeItem(item)).toThrow(expect.objectContaining({ code: 'INVALID_ITEM' }));
  });

  it('decodes only valid items: bad UTF-8, non-JSON, unknown fields and wrong shapes are BAD_RECORD', () => {
    expect(badRecord(new Uint8Array([0xff, 0xfe]))).toMatch(/UTF-8 JSON/);
    expect(badRecord(new TextEncoder().encode('{"type":'))).toMatch(/UTF-8 JSON/);
    expect(badRecord(json({ ...items[0], extra: 1 }))).toMatch(/extra/);
    expect(badRecord(json({ ...items[0], type: 'vault' }))).toMatch(/type/);
    expect(badRecord(json({ ...items[0], id: 'short' }))).toMatch(/^item does not validate: id/);
    expect(badRecord(json(null))).toMatch(/validate/);
    expect(badRecord(new TextEncoder().encode(`{"__proto__":{"x":1},${JSON.stringify(items[1]).slice(1)}`))).toMatch(/__proto__|Unrecognized/);
  });
});
