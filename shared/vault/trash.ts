/**
 * Trash: moving an item to the trash and back. Pure: each call returns a new item.
 *
 * An item in the trash keeps every field and its history, is left out of search and autofill, and
 * may be purged (turned into a tombstone by the sync layer) once it has been there for
 * `TRASH_RETENTION_MS`. Trashing a trashed item, or restoring a live one, changes nothing.
 */
import type { Item } from './item-types';

export const TRASH_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export function isTrashed(item: Item): boolean {
  return item.trashedAt !== null;
}

/** The item in the trash since `now`. */
export function trashItem<T extends Item>(item: T, now: number): T {
  if (isTrashed(item)) return item;
  return { ...item, trashedAt: now, updatedAt: Math.max(now, item.updatedAt) };
}

/** The item back out of the trash. */
export function restoreItem<T extends Item>(item: T, now: number): T {
  if (!isTrashed(item)) return item;
  return { ...item, trashedAt: null, updatedAt: Math.max(now, item.updatedAt) };
}

/** True once a trashed item has been in the trash for the retention period. */
export function isPurgeable(item: Item, now: number): boolean {
  return item.trashedAt !== null && now - item.trashedAt >= TRASH_RETENTION_MS;
}
