import { describe, expect, it } from 'vitest';
import { VaultError } from '../../protocol/errors';
import { createItem } from '../edit-item';
import { ITEM_TYPES } from '../item-types';
import { parseChromeCsv } from '../import/browser-csv';
import { trashItem } from '../trash';
import { countingRandom, DRAFTS } from '../test-fixtures';
import { csvField, exportCsv, exportPlainJson, importPlainJson } from './plain-export';

const NOW = 1_700_000_000_000;
const random = countingRandom(11);

describe('plain JSON export', () => {
  it('round-trips every item type exactly', () => {
    const items = ITEM_TYPES.map((type) => createItem(DRAFTS[type], NOW, random));
    const text = exportPlainJson(items);
    expect(JSON.parse(text)).toMatchObject({ format: 'sealed-vault-export', version: 1, encrypted: false });
    expect(importPlainJson(text)).toEqual(items);
  });

  it('refuses another format, another version and invalid items', () => {
    const code = (run: () => unknown): string => {
      try {
        run();
      } catch (error) {
        return error instanceof VaultError ? error.code : 'other';
      }
      return 'none';
    };
    expect(code(() => importPlainJson('{"items": []}'))).toBe('BAD_ENCODING');
    expect(code(() => importPlainJson('not json'))).toBe('BAD_ENCODING');
    expect(code(() => importPlainJson('{"format": "sealed-vault-export", "version": 2, "items": []}'))).toBe('UNKNOWN_VERSION');
    expect(code(() => importPlainJson('{"format": "sealed-vault-export", "version": 1, "items": [{"type": "note"}]}'))).toBe('BAD_ENCODING');
  });
});

describe('CSV export (RFC 4180)', () => {
  it('quotes fields with commas, quotes, line breaks and edge spaces, and nothing else', () => {
    expect(['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\rhere', ' lead', 'trail ', ''].map(csvField)).toEqual([
      'plain', '"a,b"', '"say ""hi"""', '"two\nlines"', '"cr\rhere"', '" lead"', '"trail "', '',
    ]);
  });

  it('writes live logins only, one CRLF row each, that Chrome-format import reads back', async () => {
    const login = createItem({ type: 'login', name: 'Shop, "Main"', username: 'me', password: 'p,w"1', urls: [{ url: 'https://shop.example/login' }, { url: 'https://b.example' }], notes: 'line 1\nline 2', folder: 'Buy' }, NOW, random);
    const trashed = trashItem(createItem({ type: 'login', name: 'Old', password: 'x' }, NOW, random), NOW);
    const note = createItem(DRAFTS.note, NOW, random);
    const csv = exportCsv([login, trashed, note]);
    expect(csv).toBe('name,url,username,password,note,totp,folder\r\n"Shop, ""Main""",https://shop.example/login,me,"p,w""1","line 1\nline 2",,Buy\r\n');
    const back = await parseChromeCsv(csv, {});
    expect(back.drafts).toEqual([
      { type: 'login', name: 'Shop, "Main"', username: 'me', password: 'p,w"1', urls: [{ url: 'https://shop.example/login' }], notes: 'line 1\nline 2', customFields: [] },
    ]);
  });
});
