import { describe, expect, it } from 'vitest';
import { edit, EMPTY_STATE, merge, remove } from '../../../shared/sync/item-merge';
import type { Item } from '../../../shared/vault/item-types';
import { itemDelta, itemFields, materialize } from './item-state';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const stamp = (wall: number, device = A) => ({ wall, counter: 0, device });

const login: Item = {
  id: 'AAAAAAAAAAAAAAAAAAAAAA',
  type: 'login',
  name: 'Shopfront',
  folder: 'Shopping',
  tags: [],
  favourite: false,
  notes: '',
  customFields: [],
  createdAt: 1,
  updatedAt: 1,
  trashedAt: null,
  history: [],
  username: 'alice',
  password: 'first-Pass-1',
  urls: [{ url: 'https://shop.example', match: 'origin' }],
};

describe('items as merge states', () => {
  it('a new item is every field but its id; an edit is only what changed, a removed field null', () => {
    expect(Object.keys(itemFields(login))).not.toContain('id');
    const { folder: _folder, ...rest } = login;
    const edited: Item = { ...rest, name: 'Shop', updatedAt: 2 } as Item;
    expect(itemDelta(login, edited)).toEqual({ name: 'Shop', updatedAt: 2, folder: null });
    expect(Object.keys(itemDelta(undefined, login)).sort()).toEqual(Object.keys(itemFields(login)).sort());
  });

  it('materializes the merged item, absent optional fields and null trashedAt included', () => {
    let state = edit(EMPTY_STATE, itemFields(login), stamp(1));
    state = edit(state, { folder: null }, stamp(2));
    const shown = materialize(login.id, state);
    expect(shown.kind).toBe('item');
    if (shown.kind === 'item') {
      expect(shown.item.folder).toBeUndefined();
      expect(shown.item.trashedAt).toBeNull();
    }
  });

  it('keeps a password that lost a concurrent edit in the history', () => {
    const base = edit(EMPTY_STATE, itemFields(login), stamp(1));
    const mine = edit(base, { password: 'mine-Pass-2' }, stamp(5, A));
    const theirs = edit(base, { password: 'theirs-Pass-3' }, stamp(5, B));
    const shown = materialize(login.id, merge(mine, theirs));
    expect(shown.kind === 'item' && shown.item.type === 'login' && shown.item.password).toBe('theirs-Pass-3');
    const values = shown.kind === 'item' ? shown.item.history.map((h) => h.value) : [];
    expect(values).toContain('mine-Pass-2');
    expect(values).toContain('first-Pass-1');
  });

  it('reports a deleted item, and quarantines a merged view that is not a valid item', () => {
    const base = edit(EMPTY_STATE, itemFields(login), stamp(1));
    expect(materialize(login.id, remove(base, stamp(2))).kind).toBe('deleted');
    const broken = edit(base, { urls: [{ url: 'javascript:alert(1)', match: 'origin' }] }, stamp(3));
    expect(materialize(login.id, broken)).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('urls') });
  });
});
