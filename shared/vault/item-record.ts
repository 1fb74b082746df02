/**
 * One encrypted record per item (DESIGN.md §6 "Records"): the item, encoded and padded to a bucket,
 * sealed with XChaCha20-Poly1305 under its collection's key. The associated data binds the record
 * to where it belongs — collection, epoch, record kind, item id and revision — as canonical CBOR
 * (docs/formats.md "Item record"), so a record moved to another item, collection or epoch, or an
 * older revision replayed under a newer number, does not open. Sync adds author and HLC (v2).
 * Refuses: any record that does not open or decode (BAD_RECORD), and an item whose id differs from
 * the record's.
 */
import { open, seal } from '../crypto/aead';
import { encodeVersioned } from '../crypto/cbor-versioned';
import { VaultError } from '../protocol/errors';
import { decodeItem, encodeItem } from './item-codec';
import type { Item } from './item-types';
import { pad, unpad } from './padding';

export const ITEM_RECORD_AD_SCHEMA = {
  kind: 'item-record',
  version: 1,
  fields: { collection: 'text', epoch: 'uint', recordKind: 'text', itemId: 'text', rev: 'uint' },
} as const;

export interface ItemRecord {
  id: string;
  rev: number;
  sealed: Uint8Array;
}

export interface CollectionKey {
  collection: string;
  epoch: number;
  key: Uint8Array;
}

function recordAd(key: CollectionKey, itemId: string, rev: number): Uint8Array {
  return encodeVersioned(ITEM_RECORD_AD_SCHEMA, {
    collection: key.collection,
    epoch: key.epoch,
    recordKind: 'item',
    itemId,
    rev,
  });
}

export function sealItem(key: CollectionKey, item: Item, rev: number): ItemRecord {
  const plaintext = pad(encodeItem(item));
  try {
    return { id: item.id, rev, sealed: seal(key.key, plaintext, recordAd(key, item.id, rev)) };
  } finally {
    plaintext.fill(0);
  }
}

export function openItem(key: CollectionKey, record: ItemRecord): Item {
  let plaintext: Uint8Array;
  try {
    plaintext = open(key.key, record.sealed, recordAd(key, record.id, record.rev));
  } catch {
    throw new VaultError('BAD_RECORD', `item record ${record.id} does not open`);
  }
  try {
    const item = decodeItem(unpad(plaintext));
    if (item.id !== record.id) throw new VaultError('BAD_RECORD', `item record ${record.id} holds another item`);
    return item;
  } finally {
    plaintext.fill(0);
  }
}
