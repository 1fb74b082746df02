import { describe, expect, it } from 'vitest';
import { applyEdit, createItem } from './edit-item';
import type { Item } from './item-types';
import { assessPassword, masterPasswordProblem, weakOrReused, type StrengthCache } from './strength';
import { countingRandom, DRAFTS } from './test-fixtures';
import { trashItem } from './trash';

const random = countingRandom(3);
const login = (name: string, password: string): Item => createItem({ ...DRAFTS.login, name, password }, 0, random);

describe('password strength', () => {
  it('scores with zxcvbn and explains weak passwords', () => {
    const weak = assessPassword('password123');
    expect(weak.score).toBeLessThan(2);
    expect(weak.warning).toMatch(/common/i);
    expect(weak.suggestions.length).toBeGreaterThan(0);
    const strong = assessPassword('vivid-obsolete-kiwi-tundra-38');
    expect(strong.score).toBe(4);
    expect(strong.guessesLog10).toBeGreaterThan(12);
  });

  it('counts user inputs as known words', () => {
    expect(assessPassword('alicewonderland1990', ['alicewonderland1990']).score).toBe(0);
  });

  it('refuses master passwords that are short or guessable, with a reason code', () => {
    expect(masterPasswordProblem('Xq9!v2#Lm')).toBe('TOO_SHORT');
    expect(masterPasswordProblem('password1234')).toBe('TOO_WEAK');
    expect(masterPasswordProblem('qwertyuiop')).toBe('TOO_WEAK');
    expect(masterPasswordProblem('Summer2024!')).toBe('TOO_WEAK');
    expect(masterPasswordProblem('vivid-obsolete-kiwi-tundra-38')).toBeNull();
  });

  it('counts length in characters, not UTF-16 units', () => {
    expect(masterPasswordProblem('🔑🔑🔑🔑🔑🔑🔑🔑🔑')).toBe('TOO_SHORT');
  });
});

describe('weak and reused passwords', () => {
  it('flags weak passwords and every item sharing a password, ignoring trash and empty ones', () => {
    const a = login('a', 'vivid-obsolete-kiwi-tundra-38');
    const b = login('b', 'vivid-obsolete-kiwi-tundra-38');
    const c = login('c', 'password1');
    const d = trashItem(login('d', 'password1'), 1);
    const e = login('e', '');
    const db = createItem({ ...DRAFTS.database, password: 'vivid-obsolete-kiwi-tundra-38' }, 0, random);
    const note = createItem(DRAFTS.note, 0, random);
    const flags = weakOrReused([a, b, c, d, e, db, note]);
    expect(flags.get(a.id)).toEqual(['reused']);
    expect(flags.get(b.id)).toEqual(['reused']);
    expect(flags.get(db.id)).toEqual(['reused']);
    expect(flags.get(c.id)).toEqual(['weak']);
    expect(flags.has(d.id)).toBe(false);
    expect(flags.has(e.id)).toBe(false);
    expect(flags.has(note.id)).toBe(false);
  });

  it('flags an item both weak and reused', () => {
    const x = login('x', 'letmein');
    const y = login('y', 'letmein');
    expect(weakOrReused([x, y]).get(x.id)).toEqual(['weak', 'reused']);
  });

  it('keeps only digests in its cache, and reuses scores', () => {
    const cache: StrengthCache = new Map();
    const a = login('a', 'password1');
    weakOrReused([a], cache);
    expect([...cache.keys()]).toEqual(['0b14d501a594442a01c6859541bcb3e8164d183d32937b851835442f69d5c94e']);
    cache.set([...cache.keys()][0]!, 4);
    expect(weakOrReused([a], cache).has(a.id)).toBe(false);
    const edited = applyEdit(a, { type: 'login', password: 'password2' }, 1);
    expect(weakOrReused([edited], cache).get(a.id)).toEqual(['weak']);
  });
});
