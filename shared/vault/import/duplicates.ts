/**
 * The import preview: how many entries of each type a file brings, and which of them the vault
 * already holds, so a person can see what an import will do before confirming it (issue 9).
 *
 * An imported draft duplicates a live (not trashed) item when both have the same type, the same
 * name and the same username (compared after trimming, Unicode NFC and case folding), the same
 * host of their first URL (lower case), and, for logins, exactly the same password. Fields a type
 * lacks compare as empty. Duplicates are counted and listed, never dropped: the page decides.
 */
import { ITEM_TYPES, type Item, type ItemDraft, type ItemType } from '../item-types';
import { loginUrlHost, normalizeLoginUrl } from '../login-url';
import type { ImportResult } from './types';

export interface ImportPreview {
  readonly total: number;
  readonly byType: Readonly<Record<ItemType, number>>;
  readonly folders: number;
  readonly warnings: number;
  /** How many drafts duplicate an item already in the vault. */
  readonly duplicates: number;
  /** Their indices in `result.drafts`, ascending. */
  readonly duplicateIndices: readonly number[];
}

type Comparable = Pick<ItemDraft, 'type'> & { name?: string; username?: string; password?: string; urls?: readonly { url: string }[] };

function fold(value: string | undefined): string {
  return (value ?? '').trim().normalize('NFC').toLowerCase();
}

function firstHost(urls: readonly { url: string }[] | undefined): string {
  const first = urls?.[0]?.url;
  return first === undefined ? '' : (loginUrlHost(normalizeLoginUrl(first)) ?? '').toLowerCase();
}

/** The key two entries share exactly when one duplicates the other. */
export function duplicateKey(entry: Comparable): string {
  const parts = [entry.type, fold(entry.name), fold(entry.username), firstHost(entry.urls)];
  if (entry.type === 'login') parts.push(entry.password ?? '');
  return JSON.stringify(parts);
}

/** Indices of the drafts that duplicate a live existing item. */
export function findDuplicates(drafts: readonly ItemDraft[], existing: readonly Item[]): number[] {
  const keys = new Set(existing.filter((item) => item.trashedAt === null).map((item) => duplicateKey(item as Comparable)));
  const out: number[] = [];
  drafts.forEach((draft, i) => {
    if (keys.has(duplicateKey(draft as Comparable))) out.push(i);
  });
  return out;
}

/** Counts per type and the duplicates, for the page to show before the person confirms. */
export function importPreview(result: ImportResult, existingItems: readonly Item[]): ImportPreview {
  const byType = Object.fromEntries(ITEM_TYPES.map((type) => [type, 0])) as Record<ItemType, number>;
  for (const draft of result.drafts) byType[draft.type] += 1;
  const duplicateIndices = findDuplicates(result.drafts, existingItems);
  return {
    total: result.drafts.length,
    byType,
    folders: result.folders.length,
    warnings: result.warnings.length,
    duplicates: duplicateIndices.length,
    duplicateIndices,
  };
}
