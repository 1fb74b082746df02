/**
 * The item snapshot: a cache of every decoded item of one collection in a single sealed blob, so
 * unlocking a large vault opens one box instead of thousands. It is only a cache: each record in
 * storage stays the truth, and an item is taken from the snapshot only when the snapshot holds
 * the record's exact revision; any other record is opened on its own. Sealed with the collection
 * key (XChaCha20-Poly1305); the associated data binds collection and epoch (docs/formats.md
 * "Item snapshot"). Items were validated when written and the box authenticates them, so they are
 * not re-validated. Refuses (returns null, so the caller falls back to the records): a snapshot of
 * another collection, epoch or version, or one that does not open.
 */
import { open, seal } from '../crypto/aead';
import { encodeVersioned } from '../crypto/cbor-versioned';
import type { CollectionKey } from './item-record';
import type { Item } from './item-types';

export const SNAPSHOT_VERSION = 1;

const SNAPSHOT_AD_SCHEMA = {
  kind: 'item-snapshot',
  version: SNAPSHOT_VERSION,
  fields: { collection: 'text', epoch: 'uint' },
} as const;

export interface SnapshotEntry {
  item: Item;
  rev: number;
}

function snapshotAd(key: CollectionKey): Uint8Array {
  return encodeVersioned(SNAPSHOT_AD_SCHEMA, { collection: key.collection, epoch: key.epoch });
}

export function sealSnapshot(key: CollectionKey, entries: Iterable<SnapshotEntry>): Uint8Array {
  const plaintext = new TextEncoder().encode(JSON.stringify({ v: SNAPSHOT_VERSION, entries: [...entries] }));
  try {
    return seal(key.key, plaintext, snapshotAd(key));
  } finally {
    plaintext.fill(0);
  }
}

export function openSnapshot(key: CollectionKey, sealed: Uint8Array): Map<string, SnapshotEntry> | null {
  let plaintext: Uint8Array;
  try {
    plaintext = open(key.key, sealed, snapshotAd(key));
  } catch {
    return null;
  }
  try {
    const parsed = JSON.parse(new TextDecoder().decode(plaintext)) as { v?: unknown; entries?: SnapshotEntry[] };
    if (parsed.v !== SNAPSHOT_VERSION || !Array.isArray(parsed.entries)) return null;
    return new Map(parsed.entries.map((entry) => [entry.item.id, entry]));
  } catch {
    return null;
  } finally {
    plaintext.fill(0);
  }
}
