import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ItemDraft } from '../item-types';
import { parse1pux } from './onepassword-1pux';
import { corpusFile, rejection } from './test-corpus';

const FILE = 'keepassxc/1PasswordExport.1pux';
const named = (drafts: ItemDraft[], name: string): ItemDraft => {
  const found = drafts.find((d) => d.name === name);
  if (found === undefined) throw new Error(`no draft named ${name}`);
  return found;
};

describe('1Password 1PUX (keepassxc/1PasswordExport.1pux)', () => {
  it('imports the 9 items of the 2 vaults, vault names as folders', async () => {
    const result = await parse1pux(corpusFile(FILE), {});
    expect(result.format).toBe('1password-1pux');
    expect(result.folders).toEqual(['Personal', 'Shared']);
    expect(result.drafts.map((d) => [d.folder, d.name, d.type])).toEqual([
      ['Personal', 'Login', 'login'],
      ['Personal', 'UUID 005 Password', 'login'],
      ['Personal', 'Home Wifi', 'note'],
      ['Personal', 'Credit Card', 'note'],
      ['Personal', 'Login Archived', 'login'],
      ['Personal', 'KeePassXC Logo', 'note'],
      ['Personal', 'Secure Note', 'note'],
      ['Personal', 'Identity', 'identity'],
      ['Shared', 'Bank Account', 'note'],
    ]);
  });

  it('maps the login: designated fields, both URLs, notes, favourite, tags, short TOTPs kept hidden', async () => {
    const result = await parse1pux(corpusFile(FILE), {});
    expect(named(result.drafts, 'Login')).toEqual({
      type: 'login', name: 'Login', folder: 'Personal', tags: ['website'], favourite: true, notes: 'Note to self',
      username: 'team@keepassxc.org', password: 'password', urls: [{ url: 'https://keepassxc.org/' }, { url: 'https://twitter.com/' }],
      customFields: [
        { name: 'one-time password', value: 'DFDFDEF', hidden: true },
        { name: 'one-time password', value: 'DFDFDEFDEF', hidden: true },
        { name: 'phone', value: '555-123-45678', hidden: false },
        { name: 'email', value: 'team@keepassxc.org', hidden: false },
      ],
    });
    expect(result.warnings.filter((w) => w.entry === "'Login'")).toHaveLength(2);
    expect(named(result.drafts, 'Login Archived').tags).toEqual(['Archived']);
    expect(named(result.drafts, 'UUID 005 Password')).toMatchObject({ type: 'login', password: 'uuid005password' });
  });

  it('keeps the card (its number fails Luhn) as a note with cardholder, expiry and hidden security code', async () => {
    const result = await parse1pux(corpusFile(FILE), {});
    expect(named(result.drafts, 'Credit Card').customFields).toEqual([
      { name: 'Cardholder', value: 'KeePassXC', hidden: false },
      { name: 'Card number', value: '1234567890', hidden: true },
      { name: 'Expiry month', value: '6', hidden: false },
      { name: 'Expiry year', value: '2022', hidden: false },
      { name: 'Security code', value: '123', hidden: true },
      { name: 'valid from', value: '2022-06', hidden: false },
    ]);
  });

  it('maps the identity address, the attachment name, note tags and the shared bank account', async () => {
    const result = await parse1pux(corpusFile(FILE), {});
    expect(named(result.drafts, 'Identity')).toMatchObject({
      type: 'identity', firstName: 'KeePass', lastName: 'XC', addressLines: ['123 Avenue Rd'], city: 'Boston', postcode: '12345', country: 'us',
      customFields: [{ name: 'State', value: 'MA', hidden: false }, { name: 'gender', value: 'male', hidden: false }, { name: 'birth date', value: '2016-01-01', hidden: false }],
    });
    expect(named(result.drafts, 'KeePassXC Logo').customFields).toEqual([{ name: 'Attachments', value: 'keepassxc.png', hidden: false }]);
    expect(result.warnings).toContainEqual({ entry: "'KeePassXC Logo'", message: 'attachment contents are not imported (keepassxc.png)' });
    expect(named(result.drafts, 'Secure Note')).toMatchObject({ notes: 'This is a note', tags: ['Note', 'Secret Stuff'] });
    expect(named(result.drafts, 'Home Wifi').customFields).toContainEqual({ name: 'base station password', value: '12345678', hidden: true });
    expect(named(result.drafts, 'Bank Account').customFields).toContainEqual({ name: 'bank name', value: 'Wells Fargo', hidden: false });
  });
});

describe('1Password 1PUX: malformed files fail whole', () => {
  it('refuses a truncated archive', async () => {
    const bytes = corpusFile(FILE);
    expect(await rejection(parse1pux(bytes.subarray(0, bytes.length - 100), {}))).toEqual({ code: 'IMPORT_FORMAT', message: '1Password 1PUX: the ZIP archive is damaged or truncated' });
  });

  it('refuses a file that is not a ZIP archive', async () => {
    expect(await rejection(parse1pux(corpusFile('keepassxc/bitwarden_export.json'), {}))).toEqual({ code: 'IMPORT_FORMAT', message: '1Password 1PUX: the file is not a ZIP archive' });
  });

  it('refuses an archive without export.data, and export.data that is not an export', async () => {
    const other = zipSync({ 'data.json': strToU8('{}') });
    expect((await rejection(parse1pux(other, {}))).message).toBe('1Password 1PUX: the archive has no export.data (is this a 1PUX file?)');
    const notJson = zipSync({ 'export.data': strToU8('{"accounts": [') });
    expect((await rejection(parse1pux(notJson, {}))).message).toMatch(/^1Password 1PUX export.data: not valid JSON: the file ends early/);
    const wrong = zipSync({ 'export.data': strToU8('{"items": []}') });
    expect((await rejection(parse1pux(wrong, {}))).message).toBe('1Password 1PUX: export.data has no "accounts" list');
  });

  it('names the entry whose field has the wrong JSON type', async () => {
    const data = { accounts: [{ vaults: [{ attrs: { name: 'V' }, items: [{ categoryUuid: '001', overview: { title: 'GitHub', urls: 'https://github.com' } }] }] }] };
    expect(await rejection(parse1pux(zipSync({ 'export.data': strToU8(JSON.stringify(data)) }), {}))).toEqual({
      code: 'IMPORT_FORMAT', message: `entry 'GitHub': "urls": expected a list, found a string`,
    });
  });
});
