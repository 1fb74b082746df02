import { describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/random';
import { newItemId } from './item-id';
import { openItem, sealItem, type CollectionKey } from './item-record';
import type { Item } from './item-types';

const key: CollectionKey = { collection: 'personal-collection-1', epoch: 0, key: randomBytes(32) };

function login(overrides: Partial<Item> = {}): Item {
  return {
    type: 'login',
    id: newItemId(randomBytes),
    name: 'Shopfront',
    tags: [],
    favourite: false,
    notes: '',
    customFields: [],
    createdAt: 1,
    updatedAt: 1,
    trashedAt: null,
    history: [],
    username: 'alice',
    password: 'Tq8-shop-Kw2-pass',
    urls: [{ url: 'https://shop.example', match: 'origin' }],
    ...overrides,
  } as Item;
}

describe('item records', () => {
  it('round-trips an item and hides its plaintext and length', () => {
    const item = login();
    const record = sealItem(key, item, 1);
    expect(openItem(key, record)).toEqual(item);
    const latin1 = String.fromCharCode(...record.sealed);
    expect(latin1).not.toContain('Tq8-shop-Kw2-pass');
    expect(latin1).not.toContain('Shopfront');
    const longer = sealItem(key, login({ name: 'Shopfront with a much longer name' }), 1);
    expect(longer.sealed.length).toBe(record.sealed.length);
  });

  it('refuses a record moved to another item id', () => {
    const a = sealItem(key, login(), 1);
    const b = login();
    expect(() => openItem(key, { ...a, id: b.id })).toThrowError(expect.objectContaining({ code: 'BAD_RECORD' }));
  });

  it('refuses an older revision replayed under a newer number', () => {
    const record = sealItem(key, login(), 1);
    expect(() => openItem(key, { ...record, rev: 2 })).toThrowError(expect.objectContaining({ code: 'BAD_RECORD' }));
  });

  it('refuses a record moved to another collection or epoch', () => {
    const record = sealItem(key, login(), 1);
    expect(() => openItem({ ...key, collection: 'another-collection' }, record)).toThrowError(expect.objectContaining({ code: 'BAD_RECORD' }));
    expect(() => openItem({ ...key, epoch: 1 }, record)).toThrowError(expect.objectContaining({ code: 'BAD_RECORD' }));
  });

  it('refuses a corrupt record with BAD_RECORD', () => {
    const record = sealItem(key, login(), 1);
    const corrupt = record.sealed.slice();
    corrupt[30]! ^= 0xff;
    expect(() => openItem(key, { ...record, sealed: corrupt })).toThrowError(expect.objectContaining({ code: 'BAD_RECORD' }));
  });
});
