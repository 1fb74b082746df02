import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseProtonPassJson } from './protonpass';
import { corpusFile, fixtureFile, fixtureText, rejection } from './test-corpus';

describe('Proton Pass JSON (fixtures/protonpass.json)', () => {
  it('imports every live item with exact fields, vaults as folders, and skips the trashed one', async () => {
    const result = await parseProtonPassJson(fixtureFile('protonpass.json'), {});
    expect(result.format).toBe('protonpass-json');
    expect(result.folders).toEqual(['Personal', 'Work']);
    expect(result.warnings).toEqual([{ entry: "'Old server'", message: 'in the Proton Pass trash; not imported' }]);
    expect(result.drafts).toEqual([
      {
        type: 'login', name: 'GitLab', folder: 'Personal', favourite: true, notes: 'Work account', username: 'alice', password: 'gl-Pa55word',
        urls: [{ url: 'https://gitlab.com/users/sign_in' }, { url: 'https://gitlab.example.com/' }],
        totp: 'otpauth://totp/GitLab:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitLab',
        customFields: [
          { name: 'Email', value: 'alice@example.com', hidden: false },
          { name: 'Recovery email', value: 'backup@example.com', hidden: false },
          { name: 'Security answer', value: 'Blue whale', hidden: true },
        ],
      },
      { type: 'note', name: 'Locker', folder: 'Personal', favourite: false, notes: 'Locker 42, code 1234', customFields: [] },
      {
        type: 'card', name: 'Visa', folder: 'Personal', favourite: false, notes: '', cardholder: 'Alice Example', number: '4111111111111111',
        expMonth: 9, expYear: 2027, cvv: '123', customFields: [{ name: 'PIN', value: '4321', hidden: true }],
      },
      {
        type: 'identity', name: 'Alice', folder: 'Personal', favourite: false, notes: '', firstName: 'Alice', lastName: 'Example', email: 'alice@example.com',
        phone: '+1 555 0100', addressLines: ['1 High Street'], city: 'Springfield', postcode: '62701', country: 'US', company: 'Example Ltd',
        customFields: [
          { name: 'Full name', value: 'Alice B Example', hidden: false },
          { name: 'Middle name', value: 'B', hidden: false },
          { name: 'State', value: 'IL', hidden: false },
          { name: 'SSN', value: '078-05-1120', hidden: true },
          { name: 'Job title', value: 'Engineer', hidden: false },
        ],
      },
      { type: 'note', name: 'Newsletter alias', folder: 'Work', favourite: false, notes: '', customFields: [{ name: 'Alias', value: 'news.alias@passmail.net', hidden: false }] },
    ]);
  });

  it('reads the same data from the ZIP the app writes (Proton Pass/data.json)', async () => {
    const zip = zipSync({ 'Proton Pass/data.json': fixtureFile('protonpass.json') });
    const fromZip = await parseProtonPassJson(zip, {});
    expect(fromZip.drafts).toEqual((await parseProtonPassJson(fixtureFile('protonpass.json'), {})).drafts);
  });

  it('refuses PGP-encrypted exports, truncated JSON, and JSON of another format', async () => {
    const pgp = zipSync({ 'Proton Pass/data.pgp': strToU8('-----BEGIN PGP MESSAGE-----\n...') });
    expect((await rejection(parseProtonPassJson(pgp, {}))).message).toBe('Proton Pass JSON: this export is PGP-encrypted; export again without encryption');
    const text = fixtureText('protonpass.json');
    expect((await rejection(parseProtonPassJson(text.slice(0, 900), {}))).message).toMatch(/^Proton Pass JSON: not valid JSON: the file ends early \(truncated\?\) at line \d+$/);
    expect((await rejection(parseProtonPassJson(corpusFile('keepassxc/bitwarden_export.json'), {}))).message).toBe(
      'Proton Pass JSON: not a Proton Pass export (no "vaults" object)',
    );
  });

  it('names the entry whose content has the wrong JSON type', async () => {
    const root = JSON.parse(fixtureText('protonpass.json')) as { vaults: Record<string, { items: { data: { content: Record<string, unknown> } }[] }> };
    root.vaults['share-personal']!.items[0]!.data.content.password = 12345;
    expect(await rejection(parseProtonPassJson(JSON.stringify(root), {}))).toEqual({ code: 'IMPORT_FORMAT', message: `entry 'GitLab': "password" must be text, found a number` });
  });
});
