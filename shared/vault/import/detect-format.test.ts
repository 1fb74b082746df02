import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectFormat } from './detect-format';
import { corpusFile, fixtureFile } from './test-corpus';

describe('detectFormat', () => {
  it('tells every sample file apart by its content', () => {
    const cases: [string, Uint8Array, string, boolean][] = [
      ['bitwarden_export.json', corpusFile('keepassxc/bitwarden_export.json'), 'bitwarden-json', false],
      ['bitwarden_encrypted_export.json', corpusFile('keepassxc/bitwarden_encrypted_export.json'), 'bitwarden-json', true],
      ['bitwarden_encrypted_argon2id_export.json', corpusFile('keepassxc/bitwarden_encrypted_argon2id_export.json'), 'bitwarden-json', true],
      ['bitwarden_export.csv', corpusFile('bitwarden-help/bitwarden_export.csv'), 'bitwarden-csv', false],
      ['1PasswordExport.1pux', corpusFile('keepassxc/1PasswordExport.1pux'), '1password-1pux', false],
      ['NewDatabase.kdbx', corpusFile('keepassxc/NewDatabase.kdbx'), 'keepass-kdbx', true],
      ['KDBX4.1.kdbx', corpusFile('kdbxweb/KDBX4.1.kdbx'), 'keepass-kdbx', true],
      ['NewDatabase.xml', corpusFile('keepassxc/NewDatabase.xml'), 'keepass-xml', false],
      ['demo.xml', corpusFile('kdbxweb/demo.xml'), 'keepass-xml', false],
      ['chrome.csv', fixtureFile('chrome.csv'), 'chrome-csv', false],
      ['firefox.csv', fixtureFile('firefox.csv'), 'firefox-csv', false],
      ['lastpass.csv', fixtureFile('lastpass.csv'), 'lastpass-csv', false],
      ['protonpass.json', fixtureFile('protonpass.json'), 'protonpass-json', false],
      ['protonpass.csv', fixtureFile('protonpass.csv'), 'protonpass-csv', false],
      ['export.zip', zipSync({ 'Proton Pass/data.json': fixtureFile('protonpass.json') }), 'protonpass-json', false],
    ];
    for (const [name, bytes, format, needsPassword] of cases) {
      expect([name, detectFormat(name, bytes)]).toEqual([name, { format, needsPassword }]);
    }
  });

  it('says it cannot tell, and why, rather than guessing', () => {
    const text = (s: string): Uint8Array => strToU8(s);
    expect(detectFormat('notes.txt', text('hello world'))).toEqual({ format: null, reason: 'notes.txt: cannot tell the format from its first line' });
    expect(detectFormat('x.csv', text('a,b,c\n1,2,3\n'))).toEqual({ format: null, reason: 'x.csv: cannot tell the format from its first line' });
    expect(detectFormat('x.json', text('{"hello": 1}'))).toEqual({ format: null, reason: 'x.json is JSON of no known export' });
    expect(detectFormat('x.json', text('{"items": ['))).toEqual({ format: null, reason: 'x.json starts like JSON but is not valid JSON' });
    expect(detectFormat('x.xml', text('<html></html>'))).toEqual({ format: null, reason: 'x.xml is XML of no known export' });
    expect(detectFormat('db.kdbx', text('not a database'))).toEqual({ format: null, reason: 'db.kdbx is named like a KeePass database but is not one' });
    expect(detectFormat('a.zip', zipSync({ 'readme.txt': text('hi') }))).toEqual({ format: null, reason: 'a.zip is a ZIP archive of no known export' });
    expect(detectFormat('image.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe]))).toEqual({ format: null, reason: 'image.png is neither text nor an archive of a known export' });
  });
});
