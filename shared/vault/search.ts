/**
 * In-memory search over item summaries for the popup's search-first list (issue 4: instant over
 * 10,000 items).
 *
 * Semantics (docs/items.md): the query and each item's name, subtitle, folder, tags and login hosts
 * are folded (Unicode NFKD, combining marks removed, a few letters such as ß and ø spelled out,
 * lower-cased) and split into tokens of letters and digits; an item matches when every query token
 * is a prefix of one of its tokens. Results come favourites first, then by folded name, then by id,
 * so equal inputs always give equal output.
 *
 * Speed: each entry keeps one prebuilt haystack string (" tok tok … ") and entries are kept sorted,
 * so a query is one substring test per token per entry, stopping at `limit`. Upsert and remove are
 * O(n) array moves, far below a millisecond at 10,000 items. Holds summaries only, never secrets.
 */
import type { ItemSummary, SearchEntry } from './item-summary';
import type { ItemType } from './item-types';

export interface SearchOptions {
  /** Most results to return; default 50. */
  readonly limit?: number;
  /** true: only trashed items; false: only live ones; absent: both. */
  readonly trashed?: boolean;
  readonly type?: ItemType;
}

export interface SearchIndex {
  search(query: string, options?: SearchOptions): ItemSummary[];
  /** Adds an item or replaces the entry with the same id. */
  upsert(entry: ItemSummary | SearchEntry): void;
  remove(id: string): void;
  readonly size: number;
}

interface Row {
  readonly summary: ItemSummary;
  readonly rank: number;
  readonly sortName: string;
  readonly haystack: string;
}

const SPELLED_OUT: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', ı: 'i', þ: 'th' };

/** Case- and accent-insensitive form of a text. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøđłıþ]/g, (c) => SPELLED_OUT[c] ?? c);
}

/** The folded tokens of a text: runs of letters and digits. */
export function searchTokens(text: string): string[] {
  return foldForSearch(text).split(/[^\p{L}\p{N}]+/u).filter((t) => t !== '');
}

function toEntry(value: ItemSummary | SearchEntry): SearchEntry {
  return 'summary' in value ? value : { summary: value, hosts: [] };
}

function rowOf(entry: SearchEntry): Row {
  const { summary, hosts } = entry;
  const fields = [summary.name, summary.subtitle, summary.folder ?? '', ...summary.tags, ...hosts];
  const tokens = new Set(fields.flatMap(searchTokens));
  return {
    summary,
    rank: summary.favourite ? 0 : 1,
    sortName: foldForSearch(summary.name),
    haystack: ` ${[...tokens].join(' ')}`,
  };
}

function compareRows(a: Row, b: Row): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.sortName !== b.sortName) return a.sortName < b.sortName ? -1 : 1;
  if (a.summary.id === b.summary.id) return 0;
  return a.summary.id < b.summary.id ? -1 : 1;
}

/** First index whose row sorts at or after `row`. */
function lowerBound(rows: readonly Row[], row: Row): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareRows(rows[mid]!, row) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

function matches(row: Row, needles: readonly string[], options: SearchOptions): boolean {
  if (options.trashed !== undefined && row.summary.trashed !== options.trashed) return false;
  if (options.type !== undefined && row.summary.type !== options.type) return false;
  return needles.every((needle) => row.haystack.includes(needle));
}

/** A search index over the given summaries (or summaries with hosts). */
export function createSearchIndex(entries: Iterable<ItemSummary | SearchEntry>): SearchIndex {
  const byId = new Map<string, Row>();
  for (const entry of entries) {
    const row = rowOf(toEntry(entry));
    byId.set(row.summary.id, row);
  }
  const rows = [...byId.values()].sort(compareRows);

  function remove(id: string): void {
    const row = byId.get(id);
    if (row === undefined) return;
    rows.splice(lowerBound(rows, row), 1);
    byId.delete(id);
  }

  return {
    search(query, options = {}) {
      const limit = options.limit ?? 50;
      const needles = searchTokens(query).map((token) => ` ${token}`);
      const out: ItemSummary[] = [];
      for (const row of rows) {
        if (out.length >= limit) break;
        if (matches(row, needles, options)) out.push(row.summary);
      }
      return out;
    },
    upsert(entry) {
      const row = rowOf(toEntry(entry));
      remove(row.summary.id);
      rows.splice(lowerBound(rows, row), 0, row);
      byId.set(row.summary.id, row);
    },
    remove,
    get size() {
      return rows.length;
    },
  };
}
