import { describe, expect, it } from 'vitest';
import { parseChromeCsv, parseFirefoxCsv } from './browser-csv';
import { parseLastPassCsv } from './lastpass-csv';
import { parseProtonPassCsv } from './protonpass';
import { fixtureFile, fixtureText, rejection } from './test-corpus';

describe('Chrome/Edge CSV (fixtures/chrome.csv)', () => {
  it('imports every row as a login with exact fields; an app URL becomes a custom field', async () => {
    const result = await parseChromeCsv(fixtureFile('chrome.csv'), {});
    expect(result.format).toBe('chrome-csv');
    expect(result.drafts).toEqual([
      { type: 'login', name: 'github.com', notes: '', customFields: [], username: 'octocat', password: 'correct,horse"battery', urls: [{ url: 'https://github.com/login' }] },
      {
        type: 'login', name: 'accounts.example.org', notes: 'Recovery codes are in the safe.\nSecond line.', customFields: [],
        username: 'alice@example.org', password: 's3cr3t-Pa55', urls: [{ url: 'https://accounts.example.org/signin?next=%2F' }],
      },
      {
        type: 'login', name: 'com.example.app', notes: '', username: 'bob', password: 'app-password', urls: [],
        customFields: [{ name: 'URL', value: 'android://AbCdEf0123456789==@com.example.app/', hidden: false }],
      },
    ]);
    expect(result.warnings).toEqual([{ entry: "'com.example.app'", message: 'URL "android://AbCdEf0123456789==@com.example.app/" must be http or https; kept as a custom field' }]);
  });

  it('accepts the older export without a note column', async () => {
    const result = await parseChromeCsv('name,url,username,password\nexample.com,https://example.com/,me,pw\n', {});
    expect(result.drafts).toEqual([{ type: 'login', name: 'example.com', notes: '', customFields: [], username: 'me', password: 'pw', urls: [{ url: 'https://example.com/' }] }]);
  });

  it('names the line of a row with the wrong number of columns (after a multi-line field)', async () => {
    const text = `${fixtureText('chrome.csv')}broken.example,https://broken.example/,only-three\n`;
    expect(await rejection(parseChromeCsv(text, {}))).toEqual({ code: 'IMPORT_FORMAT', message: 'Chrome/Edge CSV: line 6: expected 5 columns, found 3' });
  });

  it('refuses a truncated file, a file of another format and a file that is not UTF-8', async () => {
    const text = fixtureText('chrome.csv');
    expect(await rejection(parseChromeCsv(text.slice(0, text.indexOf('Second') + 3), {}))).toEqual({
      code: 'IMPORT_FORMAT', message: 'Chrome/Edge CSV: line 3: a quoted field is never closed (is the file truncated?)',
    });
    expect((await rejection(parseChromeCsv(fixtureFile('firefox.csv'), {}))).message).toBe('Chrome/Edge CSV: line 1: the header has no "name" column');
    expect((await rejection(parseChromeCsv(new Uint8Array([0x6e, 0x61, 0xff, 0xfe]), {}))).message).toBe('Chrome/Edge CSV: the file is not UTF-8 text');
    expect((await rejection(parseChromeCsv('', {}))).message).toBe('Chrome/Edge CSV: the file is empty');
  });
});

describe('Firefox CSV (fixtures/firefox.csv)', () => {
  it('imports both logins, named by host, with the HTTP realm as a custom field', async () => {
    const result = await parseFirefoxCsv(fixtureFile('firefox.csv'), {});
    expect(result.drafts).toEqual([
      { type: 'login', name: 'www.mozilla.org', customFields: [], username: 'mozilla-user', password: 'Fx-p4ss,word', urls: [{ url: 'https://www.mozilla.org/' }] },
      {
        type: 'login', name: 'intranet.example.com', username: 'admin', password: 'basic-auth-pw', urls: [{ url: 'https://intranet.example.com:8443/' }],
        customFields: [{ name: 'HTTP realm', value: 'Intranet Realm', hidden: false }],
      },
    ]);
  });

  it('names the line of a short row', async () => {
    const text = `${fixtureText('firefox.csv')}"https://x.example","u"\r\n`;
    expect(await rejection(parseFirefoxCsv(text, {}))).toEqual({ code: 'IMPORT_FORMAT', message: 'Firefox CSV: line 4: expected 9 columns, found 2' });
  });
});

describe('LastPass CSV (fixtures/lastpass.csv)', () => {
  it('imports logins, a plain note, a card, an address and a Wi-Fi note; groups become folders', async () => {
    const result = await parseLastPassCsv(fixtureFile('lastpass.csv'), {});
    expect(result.folders).toEqual(['Archive', 'Shopping', 'Reading/Daily', 'Home', 'Finance']);
    expect(result.warnings).toEqual([]);
    expect(result.drafts).toEqual([
      {
        type: 'login', name: 'Amazon', folder: 'Shopping', favourite: true, notes: 'Prime renews in May', customFields: [],
        username: 'shopper@example.com', password: 'Amaz0n!pass', urls: [{ url: 'https://www.amazon.com/ap/signin' }], totp: 'JBSWY3DPEHPK3PXP',
      },
      { type: 'login', name: 'news.example.net', folder: 'Reading/Daily', favourite: false, notes: '', customFields: [], username: 'reader', password: 'news-pw', urls: [{ url: 'https://news.example.net/' }] },
      { type: 'note', name: 'Garage', folder: 'Home', favourite: false, notes: 'The garage code is 4711.\nChange it in spring.', customFields: [] },
      {
        type: 'card', name: 'Visa travel', folder: 'Finance', favourite: false, notes: 'Travel card', customFields: [],
        cardholder: 'Alice Example', number: '4111111111111111', expMonth: 3, expYear: 2029, cvv: '123',
      },
      {
        type: 'identity', name: 'Home address', favourite: false, notes: '', title: 'Ms', firstName: 'Alice', lastName: 'Example', email: 'alice@example.com',
        phone: '555-0100', addressLines: ['1 High Street', 'Flat 2', ''], city: 'Springfield', postcode: '62701', country: 'US', company: 'Example Ltd',
        customFields: [{ name: 'Middle Name', value: 'B', hidden: false }, { name: 'State', value: 'IL', hidden: false }],
      },
      {
        type: 'note', name: 'Home Wi-Fi', folder: 'Home', favourite: false, notes: 'Router in the hall',
        customFields: [{ name: 'SSID', value: 'HomeNet', hidden: false }, { name: 'Password', value: 'wifi-secret-1', hidden: true }, { name: 'Connection Type', value: 'WPA2', hidden: false }],
      },
    ]);
  });

  it('refuses a row with the wrong number of columns and a file truncated inside a note', async () => {
    const text = fixtureText('lastpass.csv');
    expect(await rejection(parseLastPassCsv(text.replace('reader,news-pw,,,', 'reader,news-pw,,'), {}))).toEqual({
      code: 'IMPORT_FORMAT', message: 'LastPass CSV: line 3: expected 8 columns, found 7',
    });
    expect((await rejection(parseLastPassCsv(text.slice(0, text.indexOf('Security Code')), {}))).message).toBe(
      'LastPass CSV: line 6: a quoted field is never closed (is the file truncated?)',
    );
  });
});

describe('Proton Pass CSV (fixtures/protonpass.csv)', () => {
  it('imports a login, a note, an alias and a card from its JSON content', async () => {
    const result = await parseProtonPassCsv(fixtureFile('protonpass.csv'), {});
    expect(result.folders).toEqual(['Personal', 'Work']);
    expect(result.drafts).toEqual([
      {
        type: 'login', name: 'Proton', folder: 'Personal', notes: 'Main account', username: 'alice', password: 'pr0ton-pass',
        urls: [{ url: 'https://account.proton.me/' }, { url: 'https://proton.me/' }], totp: 'otpauth://totp/Proton:alice?secret=JBSWY3DPEHPK3PXP&issuer=Proton',
        customFields: [{ name: 'Email', value: 'alice@proton.me', hidden: false }],
      },
      { type: 'note', name: 'Wi-Fi at home', folder: 'Personal', notes: 'The key is under the mat', customFields: [] },
      { type: 'note', name: 'Shopping alias', folder: 'Personal', notes: 'Used for newsletters', customFields: [{ name: 'Alias', value: 'shop.alias@passmail.net', hidden: false }] },
      {
        type: 'card', name: 'Work card', folder: 'Work', notes: 'Company card', cardholder: 'Alice Example', number: '4111111111111111', expMonth: 11, expYear: 2028, cvv: '321',
        customFields: [{ name: 'PIN', value: '9876', hidden: true }],
      },
    ]);
  });

  it('refuses a CSV of another manager', async () => {
    expect((await rejection(parseProtonPassCsv(fixtureFile('lastpass.csv'), {}))).message).toBe('Proton Pass CSV: line 1: the header has no "type", "note" column');
  });
});
