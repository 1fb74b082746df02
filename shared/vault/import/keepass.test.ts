import { describe, expect, it } from 'vitest';
import type { ItemDraft } from '../item-types';
import { parseKdbx, parseKeePassXml } from './keepass';
import { corpusFile, rejection } from './test-corpus';

const named = (drafts: ItemDraft[], name: string): ItemDraft => {
  const found = drafts.find((d) => d.name === name);
  if (found === undefined) throw new Error(`no draft named ${name}`);
  return found;
};
const demoKey = (): Uint8Array => corpusFile('kdbxweb/demo.key');

/** kdbxweb's checkDb content, shared by demo.kdbx, demo.xml, Argon2.kdbx and Argon2id.kdbx. */
function expectDemoContent(drafts: ItemDraft[], warnings: { entry: string; message: string }[]): void {
  expect(drafts.map((d) => d.name)).toEqual(['Sample Entry', 'Sample Entry #2', 'my entry']);
  expect(named(drafts, 'my entry')).toEqual({
    type: 'login', name: 'my entry', folder: 'General', username: 'me', password: 'mypass', urls: [{ url: 'http://me.me/' }],
    notes: 'some notes', tags: ['my', 'tag'],
    customFields: [
      { name: 'my field', value: 'my val', hidden: false },
      { name: 'my field protected', value: 'protected val', hidden: true },
      { name: 'Attachments', value: 'attachment', hidden: false },
    ],
  });
  expect(named(drafts, 'Sample Entry #2')).toMatchObject({ username: 'Michael321', password: '12345', urls: [{ url: 'http://keepass.info/help/kb/testform.html' }] });
  expect(warnings).toContainEqual({ entry: 'Recycle Bin', message: '1 entry in the Recycle Bin not imported' });
}

describe('KeePass KDBX 3.1 (keepassxc/NewDatabase.kdbx, password "a")', () => {
  it('imports both entries with legacy TOTP, case-sensitive attributes and attachment names', async () => {
    const result = await parseKdbx(corpusFile('keepassxc/NewDatabase.kdbx'), { password: 'a' });
    expect(result.format).toBe('keepass-kdbx');
    expect(result.drafts).toHaveLength(2);
    expect(named(result.drafts, 'Sample Entry')).toEqual({
      type: 'login', name: 'Sample Entry', username: 'User Name', password: 'Password', urls: [{ url: 'http://www.somesite.com/' }],
      notes: 'Notes', totp: 'HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ', tags: [],
      customFields: [
        { name: 'TestAttribute1', value: 'b', hidden: false },
        { name: 'testattribute1', value: 'a', hidden: false },
        { name: 'Attachments', value: 'Sample attachment.txt', hidden: false },
      ],
    });
    expect(named(result.drafts, 'Subgroup Entry')).toMatchObject({
      folder: 'Homebanking/Subgroup', username: 'Bank User Name', password: 'SecurePassword', urls: [{ url: 'https://www.bank.com/' }],
    });
    expect(result.folders).toEqual(['General', 'Windows', 'Network', 'Internet', 'eMail', 'Homebanking', 'Homebanking/Subgroup']);
  });

  it('refuses a wrong password, and no password, with WRONG_PASSWORD', async () => {
    const file = corpusFile('keepassxc/NewDatabase.kdbx');
    expect(await rejection(parseKdbx(file, { password: 'b' }))).toEqual({ code: 'WRONG_PASSWORD', message: 'KeePass KDBX: wrong password or key file' });
    expect((await rejection(parseKdbx(file, {}))).code).toBe('WRONG_PASSWORD');
  });

  it('refuses a truncated database without returning anything', async () => {
    const file = corpusFile('keepassxc/NewDatabase.kdbx');
    for (const length of [20, 300, 12_000, file.length - 1]) {
      expect((await rejection(parseKdbx(file.subarray(0, length), { password: 'a' }))).code).toBe('IMPORT_FORMAT');
    }
    const kdbx4 = corpusFile('keepassxc/Format400.kdbx');
    for (const length of [100, 400, 1000, kdbx4.length - 1]) {
      expect((await rejection(parseKdbx(kdbx4.subarray(0, length), { password: 't' }))).code).toBe('IMPORT_FORMAT');
    }
    expect(await rejection(parseKdbx(file.subarray(0, 300), { password: 'a' }))).toEqual({ code: 'IMPORT_FORMAT', message: 'KeePass KDBX: the file is truncated' });
    expect(await rejection(parseKdbx(file.subarray(0, 20), { password: 'a' }))).toEqual({ code: 'IMPORT_FORMAT', message: 'KeePass KDBX: the file is truncated' });
  });

  it('refuses a file that is not KDBX', async () => {
    expect(await rejection(parseKdbx(corpusFile('keepassxc/bitwarden_export.json'), { password: 'a' }))).toEqual({
      code: 'IMPORT_FORMAT', message: 'KeePass KDBX: not a KeePass database (bad signature)',
    });
  });
});

describe('KeePass KDBX 4', () => {
  it('opens Format400.kdbx (KDBX 4.0, Argon2d) with password "t"', async () => {
    const result = await parseKdbx(corpusFile('keepassxc/Format400.kdbx'), { password: 't' });
    expect(result.drafts).toEqual([
      {
        type: 'login', name: 'Format400', username: 'Format400', password: 'Format400', urls: [], notes: '', tags: [],
        customFields: [{ name: 'Format400', value: 'Format400', hidden: true }, { name: 'Attachments', value: 'Format400', hidden: false }],
      },
    ]);
  });

  it('opens Argon2.kdbx (Argon2d) and Argon2id.kdbx with password "demo" and key file demo.key', async () => {
    for (const file of ['kdbxweb/Argon2.kdbx', 'kdbxweb/Argon2id.kdbx']) {
      const result = await parseKdbx(corpusFile(file), { password: 'demo', keyFile: demoKey() });
      expectDemoContent(result.drafts, result.warnings);
    }
  });

  it('opens KDBX4.1.kdbx (AES-KDF) with password "test"', async () => {
    const result = await parseKdbx(corpusFile('kdbxweb/KDBX4.1.kdbx'), { password: 'test' });
    expect(result.drafts.map((d) => d.name)).toEqual(['Sample Entry', 'DisabledQ', 'Was inside']);
    expect(named(result.drafts, 'Was inside')).toMatchObject({ folder: 'General', password: 'Cag5xYSrOp2F5pAGRki4' });
    expect(named(result.drafts, 'DisabledQ')).toMatchObject({ username: 'Michael321', password: '12345' });
  });
});

describe('KeePass KDBX 3.1 from kdbxweb', () => {
  it('needs both the password "demo" and the key file for demo.kdbx', async () => {
    const result = await parseKdbx(corpusFile('kdbxweb/demo.kdbx'), { password: 'demo', keyFile: demoKey() });
    expectDemoContent(result.drafts, result.warnings);
    expect((await rejection(parseKdbx(corpusFile('kdbxweb/demo.kdbx'), { password: 'demo' }))).code).toBe('WRONG_PASSWORD');
  });

  it('opens a non-ASCII master password and keeps emoji secrets (NonAscii.kdbx)', async () => {
    const result = await parseKdbx(corpusFile('keepassxc/NonAscii.kdbx'), { password: 'Δöض' });
    expect(result.drafts).toEqual([{ type: 'login', name: '秘密', username: '', password: '🚗🐎🔋📎', urls: [], notes: '', tags: [], customFields: [] }]);
  });

  it('opens cyrillic.kdbx with password "пароль"', async () => {
    const result = await parseKdbx(corpusFile('kdbxweb/cyrillic.kdbx'), { password: 'пароль' });
    expect(named(result.drafts, 'моя запись')).toEqual({
      type: 'login', name: 'моя запись', username: 'пользователь', password: 'пароль', urls: [{ url: 'http://keepass.info/' }], notes: 'ноутс', tags: ['теги'],
      customFields: [{ name: 'поле1', value: 'значение1', hidden: false }, { name: 'поле2', value: 'значение2', hidden: true }],
    });
  });

  it('opens EmptyPass.kdbx with the empty password', async () => {
    const result = await parseKdbx(corpusFile('kdbxweb/EmptyPass.kdbx'), { password: '' });
    expect(result.drafts.map((d) => [d.name, (d as { username?: string }).username])).toEqual([['Sample Entry', 'User Name'], ['Sample Entry #2', 'Michael321']]);
  });
});

describe('KeePass 2 XML', () => {
  it('imports keepassxc/NewDatabase.xml without the Recycle Bin entry', async () => {
    const result = await parseKeePassXml(corpusFile('keepassxc/NewDatabase.xml'), {});
    expect(result.format).toBe('keepass-xml');
    expect(result.drafts.map((d) => d.name)).toEqual(['Sample Entry 1', 'Sample Entry 2', 'Subsub Entry']);
    expect(named(result.drafts, 'Sample Entry 1')).toMatchObject({ username: 'User Name', password: 'Password', urls: [], tags: ['a b c'], customFields: [{ name: 'Attachments', value: 'myattach.txt', hidden: false }] });
    expect(named(result.drafts, 'Sample Entry 2')).toMatchObject({
      username: 'notDEFUSERNAME', password: 'Jer60Hz8o9XHvxBGcRqT', urls: [{ url: 'http://www.keepassx.org/' }],
      customFields: [{ name: 'CustomString', value: 'isavalue', hidden: false }, { name: 'Protected String', value: 'y', hidden: false }, { name: 'Attachments', value: 'myattach.txt', hidden: false }],
    });
    expect(named(result.drafts, 'Subsub Entry')).toMatchObject({ folder: 'Windows/Subsub' });
    expect(result.warnings).toContainEqual({ entry: 'Recycle Bin', message: '1 entry in the Recycle Bin not imported' });
  });

  it('imports kdbxweb/demo.xml and cyrillic.xml like their KDBX twins', async () => {
    const demo = await parseKeePassXml(corpusFile('kdbxweb/demo.xml'), {});
    expectDemoContent(demo.drafts, demo.warnings);
    const cyrillic = await parseKeePassXml(corpusFile('kdbxweb/cyrillic.xml'), {});
    const fromKdbx = await parseKdbx(corpusFile('kdbxweb/cyrillic.kdbx'), { password: 'пароль' });
    expect(cyrillic.drafts).toEqual(fromKdbx.drafts);
  });

  it('refuses truncated XML and XML of another kind', async () => {
    const xml = corpusFile('keepassxc/NewDatabase.xml');
    expect((await rejection(parseKeePassXml(xml.subarray(0, 5000), {}))).code).toBe('IMPORT_FORMAT');
    expect(await rejection(parseKeePassXml('<?xml version="1.0"?><html></html>', {}))).toEqual({
      code: 'IMPORT_FORMAT', message: 'KeePass XML: not a KeePass XML export (no <KeePassFile> element)',
    });
  });
});
