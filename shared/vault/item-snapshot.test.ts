import { describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/random';
import { openSnapshot, sealSnapshot } from './item-snapshot';
import type { CollectionKey } from './item-record';
import { createItem } from './edit-item';
import { cryptoRandom, DRAFTS } from './test-fixtures';

const sampleItems = () => Object.values(DRAFTS).map((draft) => createItem(draft, 1_700_000_000_000, cryptoRandom));

const key: CollectionKey = { collection: 'personal-1', epoch: 0, key: randomBytes(32) };

describe('item snapshot', () => {
  it('round-trips every item with its revision', () => {
    const entries = sampleItems().map((item, i) => ({ item, rev: i + 1 }));
    const opened = openSnapshot(key, sealSnapshot(key, entries));
    expect([...(opened?.values() ?? [])]).toEqual(entries);
  });

  it('is refused (null) under another collection, epoch or key, or when tampered', () => {
    const sealed = sealSnapshot(key, sampleItems().map((item) => ({ item, rev: 1 })));
    expect(openSnapshot({ ...key, collection: 'other' }, sealed)).toBeNull();
    expect(openSnapshot({ ...key, epoch: 1 }, sealed)).toBeNull();
    expect(openSnapshot({ ...key, key: randomBytes(32) }, sealed)).toBeNull();
    const tampered = sealed.slice();
    tampered[50]! ^= 1;
    expect(openSnapshot(key, tampered)).toBeNull();
  });
});
