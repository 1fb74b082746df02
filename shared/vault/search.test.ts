import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ItemSummary, SearchEntry } from './item-summary';
import { ITEM_TYPES } from './item-types';
import { createSearchIndex, foldForSearch, searchTokens } from './search';

const WORDS = ['alpha', 'Bravo', 'charlie', 'Délta', 'echo', 'foxtrot', 'Zoë', 'straße', 'Ørsted', 'gmail', 'github', 'bank', 'prod', 'stage'];

function summary(i: number, over: Partial<ItemSummary> = {}): ItemSummary {
  const word = (k: number) => WORDS[(i * 7 + k * 3) % WORDS.length]!;
  return {
    id: `id${String(i).padStart(20, '0')}`,
    type: ITEM_TYPES[i % ITEM_TYPES.length]!,
    name: `${word(0)} ${i}`,
    subtitle: i % 3 === 0 ? `${word(1)}@example.com` : '',
    folder: i % 5 === 0 ? word(2) : null,
    tags: i % 4 === 0 ? [word(3)] : [],
    favourite: i % 97 === 0,
    trashed: i % 50 === 0,
    hasTotp: false,
    flags: [],
    updatedAt: i,
    ...over,
  };
}

/** Straightforward reference: what the index must return. */
function reference(entries: readonly SearchEntry[], query: string, limit: number, trashed?: boolean): string[] {
  const needles = searchTokens(query);
  return entries
    .filter((e) => trashed === undefined || e.summary.trashed === trashed)
    .filter((e) => {
      const tokens = [e.summary.name, e.summary.subtitle, e.summary.folder ?? '', ...e.summary.tags, ...e.hosts].flatMap(searchTokens);
      return needles.every((n) => tokens.some((t) => t.startsWith(n)));
    })
    .sort((a, b) => {
      if (a.summary.favourite !== b.summary.favourite) return a.summary.favourite ? -1 : 1;
      const na = foldForSearch(a.summary.name);
      const nb = foldForSearch(b.summary.name);
      return na < nb ? -1 : na > nb ? 1 : a.summary.id < b.summary.id ? -1 : 1;
    })
    .slice(0, limit)
    .map((e) => e.summary.id);
}

const ENTRIES: SearchEntry[] = Array.from({ length: 10_000 }, (_, i) => ({
  summary: summary(i),
  hosts: i % 6 === 0 ? [`login.${WORDS[i % WORDS.length]!.toLowerCase()}.example.org`] : [],
}));

describe('search index', () => {
  it('folds case and accents and spells out ß, ø', () => {
    expect(foldForSearch('Zoë ÅNGSTRÖM Straße Ørsted ﬁle')).toBe('zoe angstrom strasse orsted file');
    expect(searchTokens('  mail.Google.com / Work-Stuff  ')).toEqual(['mail', 'google', 'com', 'work', 'stuff']);
  });

  it('answers like the reference over 10,000 items', () => {
    const index = createSearchIndex(ENTRIES);
    expect(index.size).toBe(10_000);
    const queries = ['', 'a', 'zoe', 'ZOË', 'strasse', 'orsted', 'delta 12', 'gmail exam', 'login', 'example.org', 'bank 9', 'nomatch', '1', 'github prod', 'ch'];
    for (const query of queries) {
      for (const trashed of [undefined, false, true]) {
        expect(index.search(query, { limit: 100, trashed }).map((s) => s.id), `${query}/${trashed}`).toEqual(reference(ENTRIES, query, 100, trashed));
      }
    }
  });

  it('agrees with the reference on random queries', () => {
    const small = ENTRIES.slice(0, 600);
    const index = createSearchIndex(small);
    const token = fc.oneof(fc.constantFrom(...WORDS.map((w) => w.slice(0, 3)), 'example', 'com', '5', '12'), fc.string({ maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(token, { maxLength: 3 }), fc.integer({ min: 1, max: 700 }), (parts, limit) => {
        const query = parts.join(' ');
        expect(index.search(query, { limit }).map((s) => s.id)).toEqual(reference(small, query, limit));
      }),
      { numRuns: 150 },
    );
  });

  it('puts favourites first, then sorts by name', () => {
    const index = createSearchIndex([summary(1, { name: 'beta' }), summary(2, { name: 'Alpha' }), summary(3, { name: 'zulu', favourite: true })]);
    expect(index.search('').map((s) => s.name)).toEqual(['zulu', 'Alpha', 'beta']);
  });

  it('matches token prefixes, not the middle of words', () => {
    const index = createSearchIndex([summary(1, { name: 'Grandmother', subtitle: '', folder: null, tags: [] })]);
    expect(index.search('grand')).toHaveLength(1);
    expect(index.search('mother')).toHaveLength(0);
  });

  it('filters by type and respects the limit', () => {
    const index = createSearchIndex(ENTRIES);
    const logins = index.search('', { type: 'login', limit: 10_000 });
    expect(logins.length).toBe(ENTRIES.filter((e) => e.summary.type === 'login').length);
    expect(index.search('', { limit: 7 })).toHaveLength(7);
    expect(index.search('')).toHaveLength(50);
  });

  it('updates incrementally: upsert renames and re-ranks, remove forgets', () => {
    const index = createSearchIndex(ENTRIES.slice(0, 100));
    const target = ENTRIES[42]!.summary;
    index.upsert({ ...target, name: 'Aardvark unique', favourite: false });
    expect(index.search('aardvark').map((s) => s.id)).toEqual([target.id]);
    expect(index.search(target.name.split(' ')[0]!, { limit: 1000 }).some((s) => s.id === target.id)).toBe(false);
    index.upsert({ summary: { ...target, name: 'zz last', favourite: true }, hosts: ['vault.example.net'] });
    const listed = index.search('', { limit: 1000 });
    const favourites = listed.filter((s) => s.favourite);
    expect(listed.slice(0, favourites.length)).toEqual(favourites);
    expect(favourites.at(-1)?.id).toBe(target.id);
    expect(index.search('vault.example').map((s) => s.id)).toEqual([target.id]);
    expect(index.size).toBe(100);
    index.remove(target.id);
    index.remove('not-there');
    expect(index.search('vault')).toEqual([]);
    expect(index.size).toBe(99);
    const all = ENTRIES.slice(0, 100).filter((e) => e.summary.id !== target.id);
    expect(index.search('', { limit: 1000 }).map((s) => s.id)).toEqual(reference(all, '', 1000));
  });
});
