import { describe, expect, it } from 'vitest';
import { LIMITS } from '../item-types';
import { EntryBuilder } from './entry-builder';
import type { ImportWarning } from './types';

function builder(): { b: EntryBuilder; warnings: ImportWarning[] } {
  const warnings: ImportWarning[] = [];
  return { b: new EntryBuilder("'Entry'", warnings), warnings };
}

describe('EntryBuilder', () => {
  it('shortens labels to the schema limit without splitting a character, and says so', () => {
    const { b, warnings } = builder();
    const name = b.name(`${'a'.repeat(199)}🚗🚗`);
    expect(name).toBe('a'.repeat(199));
    expect(b.name('  Short  ')).toBe('Short');
    expect(b.name('', '', 'example.com')).toBe('example.com');
    expect(b.name('   ')).toBe('Untitled');
    expect(b.folder('x'.repeat(LIMITS.name + 5))).toHaveLength(LIMITS.name);
    expect(warnings).toEqual([
      { entry: "'Entry'", message: 'name shortened to 200 characters' },
      { entry: "'Entry'", message: 'folder shortened to 200 characters' },
    ]);
  });

  it('keeps http(s) URLs (adding https:// and dropping repeats) and the rest as custom fields', () => {
    const { b } = builder();
    for (const url of ['example.com/login', 'https://example.com/login', 'androidapp://com.example', ' ', 'http://intranet:8080/']) b.url(url);
    expect(b.urls()).toEqual([{ url: 'https://example.com/login' }, { url: 'http://intranet:8080/' }]);
    expect(b.customFields).toEqual([{ name: 'URL', value: 'androidapp://com.example', hidden: false }]);
    expect(b.firstHost()).toBe('example.com');
  });

  it('keeps a TOTP value our type refuses as a hidden custom field', () => {
    const { b, warnings } = builder();
    expect(b.totp('jbsw y3dp ehpk 3pxp')).toBe('jbsw y3dp ehpk 3pxp');
    expect(b.totp('otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=1', 'OTP')).toBeUndefined();
    expect(b.customFields).toEqual([{ name: 'OTP', value: 'otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=1', hidden: true }]);
    expect(warnings[0]?.message).toBe('TOTP only otpauth://totp is supported; kept as a hidden custom field "OTP"');
  });

  it('keeps out-of-range card values and non-addresses as custom fields', () => {
    const { b } = builder();
    expect([b.month('13', 'Expiry month'), b.month('07', 'Expiry month'), b.year('29', 'Expiry year'), b.year('1850', 'Expiry year')]).toEqual([undefined, 7, 2029, undefined]);
    expect([b.cvv('12'), b.cvv('1234'), b.email('not an email'), b.email('a@b.c')]).toEqual(['', '1234', '', 'a@b.c']);
    expect(b.customFields.map((f) => [f.name, f.value, f.hidden])).toEqual([
      ['Expiry month', '13', false], ['Expiry year', '1850', false], ['Security code', '12', true], ['Email', 'not an email', false],
    ]);
  });
});
