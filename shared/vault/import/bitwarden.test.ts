import { describe, expect, it } from 'vitest';
import { itemDraftSchema, type ItemDraft } from '../item-types';
import { parseBitwardenCsv } from './bitwarden-csv';
import { parseBitwardenJson } from './bitwarden-json';
import { corpusFile, rejection } from './test-corpus';

const byName = (drafts: ItemDraft[], name: string): ItemDraft => {
  const found = drafts.find((d) => d.name === name);
  if (found === undefined) throw new Error(`no draft named ${name}`);
  return found;
};
const FIELDS = [
  { name: 'Text Field', value: 'text-field-value', hidden: false },
  { name: 'Hidden Field', value: 'hidden-field-value', hidden: true },
];

describe('Bitwarden JSON (keepassxc/bitwarden_export.json)', () => {
  it('imports the 4 items and 2 folders with exact fields', async () => {
    const result = await parseBitwardenJson(corpusFile('keepassxc/bitwarden_export.json'), {});
    expect(result.format).toBe('bitwarden-json');
    expect(result.folders).toEqual(['My Folder', 'Second Folder']);
    expect(result.drafts.map((d) => d.type)).toEqual(['note', 'note', 'identity', 'login']);
    for (const draft of result.drafts) expect(itemDraftSchema.safeParse(draft).success).toBe(true);

    expect(byName(result.drafts, 'Login Name')).toEqual({
      type: 'login', name: 'Login Name', folder: 'My Folder', favourite: true,
      username: 'myusername@gmail.com', password: 'mypassword',
      urls: [{ url: 'https://mail.google.com/' }, { url: 'https://google.com/' }, { url: 'https://gmail.com/' }],
      notes: '1st line of note text\n2nd Line of note text',
      customFields: [
        ...FIELDS,
        { name: 'Boolean Field', value: 'true', hidden: false },
        { name: 'TOTP', value: 'otpauth://totp/Google:myusername%40gmail.com?secret=DFDFDEF%3D&period=30&digits=6&issuer=Google', hidden: true },
      ],
    });
    expect(byName(result.drafts, 'My Secure Note')).toMatchObject({
      type: 'note', folder: 'My Folder', favourite: false,
      notes: '1st line of secure note\n2nd line of secure note\n3rd line of secure note',
      customFields: [...FIELDS, { name: 'Boolean Field', value: 'false', hidden: false }],
    });
  });

  it('keeps the identity, with the fields our type lacks as custom fields', async () => {
    const result = await parseBitwardenJson(corpusFile('keepassxc/bitwarden_export.json'), {});
    expect(byName(result.drafts, 'My Identity')).toEqual({
      type: 'identity', name: 'My Identity', folder: 'My Folder', favourite: false, notes: '1st line of a note\n2nd line of a note',
      title: 'Mrs', firstName: 'Jane', lastName: 'Doe', email: 'myemail@gmail.com', phone: '123-123-1234',
      addressLines: [' 1 North Calle Cesar Chavez ', '', ''], city: 'Santa Barbara', postcode: '93103', country: 'United States ', company: 'My Employer',
      customFields: [
        ...FIELDS,
        { name: 'Boolean Field', value: 'true', hidden: false },
        { name: 'Middle name', value: 'A', hidden: false },
        { name: 'State', value: 'CA', hidden: false },
        { name: 'Username', value: 'myusername', hidden: false },
        { name: 'SSN', value: '123-12-1234', hidden: true },
        { name: 'Passport number', value: '123456789', hidden: true },
        { name: 'Licence number', value: '123456789', hidden: true },
      ],
    });
  });

  it('keeps a card whose number fails the Luhn check as a note with every card field', async () => {
    const result = await parseBitwardenJson(corpusFile('keepassxc/bitwarden_export.json'), {});
    const card = byName(result.drafts, 'Card Name');
    expect(card).toMatchObject({ type: 'note', folder: 'Second Folder', notes: '1st line of note text\n2nd line of note text' });
    expect(card.customFields).toEqual([
      { name: 'Cardholder', value: 'Jane Doe', hidden: false },
      { name: 'Card number', value: '1234567891011121', hidden: true },
      { name: 'Expiry month', value: '10', hidden: false },
      { name: 'Expiry year', value: '2021', hidden: false },
      { name: 'Security code', value: '123', hidden: true },
      ...FIELDS,
      { name: 'Boolean Field', value: 'false', hidden: false },
    ]);
    expect(result.warnings).toContainEqual({ entry: "'Card Name'", message: expect.stringMatching(/cannot be kept as a card \(number: .*Luhn.*\); imported as a note/) });
    expect(result.warnings).toContainEqual({ entry: "'Login Name'", message: expect.stringMatching(/^TOTP secret must be at least 80 bits; kept as a hidden custom field "TOTP"$/) });
  });
});

describe('Bitwarden password-protected JSON', () => {
  const expectKeePassXcLogin = (drafts: ItemDraft[]): void => {
    expect(drafts).toEqual([
      {
        type: 'login', name: 'KeePassXC', favourite: true, username: 'keepassxc', password: 'TYsbQUyeD3qrav',
        urls: [{ url: 'https://keepassxc.org/' }, { url: 'https://github.com/keepassxreboot/keepassxc' }],
        notes: 'KeePassXC password manager', customFields: [{ name: 'TOTP', value: 'fsfsfsfsefefef', hidden: true }],
      },
    ]);
  };

  it('opens the PBKDF2-SHA256 export (100,000 iterations) with password "a"', async () => {
    const result = await parseBitwardenJson(corpusFile('keepassxc/bitwarden_encrypted_export.json'), { password: 'a' });
    expect(result.folders).toEqual(['Credit Cards']);
    expectKeePassXcLogin(result.drafts);
  });

  it('opens the Argon2id export (64 MiB, t=3, p=4) with password "a"', async () => {
    const result = await parseBitwardenJson(corpusFile('keepassxc/bitwarden_encrypted_argon2id_export.json'), { password: 'a' });
    expectKeePassXcLogin(result.drafts);
  });

  it('refuses a wrong or missing password with WRONG_PASSWORD', async () => {
    const file = corpusFile('keepassxc/bitwarden_encrypted_export.json');
    expect(await rejection(parseBitwardenJson(file, { password: 'b' }))).toEqual({ code: 'WRONG_PASSWORD', message: 'Bitwarden encrypted JSON: wrong password' });
    expect((await rejection(parseBitwardenJson(file, {}))).code).toBe('WRONG_PASSWORD');
  });

  it('says the data was modified when the password is right but the data MAC fails', async () => {
    const root = JSON.parse(new TextDecoder().decode(corpusFile('keepassxc/bitwarden_encrypted_export.json'))) as Record<string, string>;
    const [head, ct, mac] = root.data!.split('|') as [string, string, string];
    const flipped = (ct[0] === 'A' ? 'B' : 'A') + ct.slice(1);
    const tampered = JSON.stringify({ ...root, data: [head, flipped, mac].join('|') });
    const error = await rejection(parseBitwardenJson(tampered, { password: 'a' }));
    expect(error.code).toBe('IMPORT_FORMAT');
    expect(error.message).toMatch(/"data" fails its MAC: the file was modified or damaged/);
  });

  it('refuses absurd KDF parameters before deriving', async () => {
    const root = JSON.parse(new TextDecoder().decode(corpusFile('keepassxc/bitwarden_encrypted_argon2id_export.json'))) as Record<string, unknown>;
    const error = await rejection(parseBitwardenJson(JSON.stringify({ ...root, kdfMemory: 1_000_000 }), { password: 'a' }));
    expect(error).toEqual({ code: 'IMPORT_FORMAT', message: 'Bitwarden encrypted JSON: kdfMemory must be an integer in 16..1024 (found 1000000)' });
  });

  it('refuses an account-restricted export, naming why', async () => {
    const error = await rejection(parseBitwardenJson('{"encrypted": true, "encKeyValidation_DO_NOT_EDIT": "2.x|y|z", "items": []}', {}));
    expect(error.code).toBe('IMPORT_FORMAT');
    expect(error.message).toMatch(/account's key/);
  });
});

describe('Bitwarden JSON: malformed files fail whole', () => {
  it('reports a truncated file', async () => {
    const bytes = corpusFile('keepassxc/bitwarden_export.json');
    const error = await rejection(parseBitwardenJson(bytes.subarray(0, 2000), {}));
    expect(error).toEqual({ code: 'IMPORT_FORMAT', message: expect.stringMatching(/^Bitwarden JSON: not valid JSON: the file ends early \(truncated\?\)/) });
  });

  it('reports text that is not JSON with its line', async () => {
    const error = await rejection(parseBitwardenJson('{\n  "items": [\n    nope\n  ]\n}', {}));
    expect(error).toEqual({ code: 'IMPORT_FORMAT', message: 'Bitwarden JSON: not valid JSON at line 3, column 5' });
  });

  it('reports JSON of another format', async () => {
    expect(await rejection(parseBitwardenJson('{"accounts": []}', {}))).toEqual({
      code: 'IMPORT_FORMAT', message: 'Bitwarden JSON: not a Bitwarden export (no "items" list)',
    });
  });

  it('names the entry whose member has the wrong type', async () => {
    const json = JSON.stringify({ items: [{ type: 1, name: 'GitHub', login: { username: 42 } }] });
    expect(await rejection(parseBitwardenJson(json, {}))).toEqual({ code: 'IMPORT_FORMAT', message: `entry 'GitHub': "username" must be text, found a number` });
  });

  it('names the entry whose password is too long for the vault', async () => {
    const json = JSON.stringify({ items: [{ type: 1, name: 'Huge', login: { password: 'x'.repeat(10_001) } }] });
    const error = await rejection(parseBitwardenJson(json, {}));
    expect(error.code).toBe('IMPORT_FORMAT');
    expect(error.message).toMatch(/^entry 'Huge': password: /);
  });
});

describe('Bitwarden CSV (bitwarden-help/bitwarden_export.csv)', () => {
  it('imports 3 logins and 1 secure note with exact fields', async () => {
    const result = await parseBitwardenCsv(corpusFile('bitwarden-help/bitwarden_export.csv'), {});
    expect(result.folders).toEqual(['Social']);
    expect(result.drafts).toEqual([
      { type: 'login', name: 'Twitter', folder: 'Social', favourite: true, notes: '', username: 'me@example.com', password: 'password123', urls: [{ url: 'https://twitter.com/' }], customFields: [] },
      {
        type: 'login', name: 'My Bank', favourite: false, notes: 'Bank PIN is 1234', username: 'john.smith', password: 'password123456',
        urls: [{ url: 'https://www.wellsfargo.com/home.jhtml' }],
        customFields: [{ name: 'PIN', value: '1234', hidden: false }, { name: 'Question 1', value: 'Blue', hidden: false }],
      },
      {
        type: 'login', name: 'EVGA', favourite: false, notes: '', username: 'hello@bitwarden.com', password: 'fakepassword',
        urls: [{ url: 'https://www.evga.com/support/login.asp' }], customFields: [{ name: 'TOTP', value: 'TOTPSEED123', hidden: true }],
      },
      { type: 'note', name: 'My Note', favourite: false, notes: 'This is a secure note.\n\nNotes can span multiple lines.', customFields: [] },
    ]);
    expect(result.warnings).toEqual([{ entry: "'EVGA'", message: 'TOTP is neither an otpauth://totp URI nor a base32 secret; kept as a hidden custom field "TOTP"' }]);
  });

  it('names the line of a row with the wrong number of columns', async () => {
    const text = new TextDecoder().decode(corpusFile('bitwarden-help/bitwarden_export.csv')).replace('EVGA,,,', 'EVGA,,');
    expect(await rejection(parseBitwardenCsv(text, {}))).toEqual({ code: 'IMPORT_FORMAT', message: 'Bitwarden CSV: line 5: expected 10 columns, found 9' });
  });

  it('reports a file truncated inside a quoted field', async () => {
    const bytes = corpusFile('bitwarden-help/bitwarden_export.csv');
    expect(await rejection(parseBitwardenCsv(bytes.subarray(0, 400), {}))).toEqual({
      code: 'IMPORT_FORMAT', message: 'Bitwarden CSV: line 6: a quoted field is never closed (is the file truncated?)',
    });
  });

  it('reports a CSV of another format by its missing columns', async () => {
    expect(await rejection(parseBitwardenCsv('name,url,username,password\nx,https://x.com,u,p\n', {}))).toEqual({
      code: 'IMPORT_FORMAT', message: 'Bitwarden CSV: line 1: the header has no "type", "notes", "fields", "login_uri", "login_username", "login_password", "login_totp" column',
    });
  });
});
