import { describe, expect, it } from 'vitest';
import { createItem } from '../edit-item';
import { itemSchema, type ItemDraft } from '../item-types';
import { countingRandom } from '../test-fixtures';
import { createImportedItems } from './create-items';
import { duplicateKey, findDuplicates, importPreview } from './duplicates';
import { importFile } from './parsers';
import { corpusFile, fixtureFile, rejection } from './test-corpus';
import type { ImportOptions } from './types';

const NOW = 1_700_000_000_000;

/** Every sample file with the options that open it. */
const SAMPLES: [string, () => Uint8Array, ImportOptions][] = [
  ['bitwarden_export.json', () => corpusFile('keepassxc/bitwarden_export.json'), {}],
  ['bitwarden_encrypted_export.json', () => corpusFile('keepassxc/bitwarden_encrypted_export.json'), { password: 'a' }],
  ['bitwarden_export.csv', () => corpusFile('bitwarden-help/bitwarden_export.csv'), {}],
  ['1PasswordExport.1pux', () => corpusFile('keepassxc/1PasswordExport.1pux'), {}],
  ['NewDatabase.kdbx', () => corpusFile('keepassxc/NewDatabase.kdbx'), { password: 'a' }],
  ['demo.kdbx', () => corpusFile('kdbxweb/demo.kdbx'), { password: 'demo', keyFile: corpusFile('kdbxweb/demo.key') }],
  ['NewDatabase.xml', () => corpusFile('keepassxc/NewDatabase.xml'), {}],
  ['chrome.csv', () => fixtureFile('chrome.csv'), {}],
  ['firefox.csv', () => fixtureFile('firefox.csv'), {}],
  ['lastpass.csv', () => fixtureFile('lastpass.csv'), {}],
  ['protonpass.json', () => fixtureFile('protonpass.json'), {}],
  ['protonpass.csv', () => fixtureFile('protonpass.csv'), {}],
];

describe('importFile and createImportedItems', () => {
  it('detects, reads and creates every item of every sample, each a valid stored item', async () => {
    for (const [name, bytes, options] of SAMPLES) {
      const result = await importFile(name, bytes(), options);
      const items = createImportedItems(result, NOW, countingRandom());
      expect(items).toHaveLength(result.drafts.length);
      for (const item of items) {
        expect(itemSchema.safeParse(item).success).toBe(true);
        expect(item).toMatchObject({ createdAt: NOW, updatedAt: NOW, trashedAt: null, history: [] });
      }
      expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    }
  });

  it('refuses a file whose format cannot be told, with the reason', async () => {
    expect(await rejection(importFile('notes.txt', new TextEncoder().encode('just text'), {}))).toEqual({
      code: 'IMPORT_FORMAT', message: 'notes.txt: cannot tell the format from its first line',
    });
  });

  it('reads a file in the format the person picked, and fails clearly when it is not that format', async () => {
    const result = await importFile('x', fixtureFile('chrome.csv'), {}, 'chrome-csv');
    expect(result.drafts).toHaveLength(3);
    expect((await rejection(importFile('x', fixtureFile('chrome.csv'), {}, 'lastpass-csv'))).message).toBe('LastPass CSV: line 1: the header has no "extra", "grouping", "fav" column');
  });

  it('names the entry when a draft cannot be created', async () => {
    const bad: ItemDraft = { type: 'login', name: 'Bad', urls: [{ url: 'javascript:alert(1)' }] };
    expect(() => createImportedItems({ format: 'chrome-csv', drafts: [bad], folders: [], warnings: [] }, NOW, countingRandom())).toThrow(/^entry 'Bad': urls\.0\.url: must be http or https$/);
  });
});

describe('duplicates and the preview', () => {
  const existing = [
    createItem({ type: 'login', name: 'GitHub', username: 'octocat', password: 'pw-1', urls: [{ url: 'https://github.com/login' }] }, NOW, countingRandom(7)),
    createItem({ type: 'note', name: 'Locker', notes: 'x' }, NOW, countingRandom(8)),
    { ...createItem({ type: 'note', name: 'Trashed' }, NOW, countingRandom(9)), trashedAt: NOW },
  ];

  it('matches type, folded name and username, first URL host, and a login password exactly', () => {
    const drafts: ItemDraft[] = [
      { type: 'login', name: ' github ', username: 'OctoCat', password: 'pw-1', urls: [{ url: 'https://GITHUB.com/other' }] },
      { type: 'login', name: 'GitHub', username: 'octocat', password: 'pw-2', urls: [{ url: 'https://github.com/' }] },
      { type: 'login', name: 'GitHub', username: 'octocat', password: 'pw-1', urls: [{ url: 'https://gitlab.com/' }] },
      { type: 'note', name: 'locker', notes: 'different text' },
      { type: 'login', name: 'Locker' },
      { type: 'note', name: 'Trashed' },
    ];
    expect(findDuplicates(drafts, existing)).toEqual([0, 3]);
    expect(duplicateKey(drafts[0]!)).toBe(duplicateKey(existing[0]!));
  });

  it('counts entries per type and the duplicates of a real import', async () => {
    const result = await importFile('bitwarden_export.json', corpusFile('keepassxc/bitwarden_export.json'), {});
    const already = createImportedItems(result, NOW, countingRandom()).slice(2);
    const preview = importPreview(result, already);
    expect(preview).toEqual({
      total: 4,
      byType: { login: 1, note: 2, card: 0, identity: 1, 'api-key': 0, token: 0, 'ssh-key': 0, certificate: 0, database: 0 },
      folders: 2,
      warnings: result.warnings.length,
      duplicates: 2,
      duplicateIndices: [2, 3],
    });
  });
});
