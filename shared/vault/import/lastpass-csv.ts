/**
 * LastPass CSV export (support.lastpass.com, "Export your passwords"; "Advanced Options → Export"):
 *
 *   url,username,password,totp,extra,name,grouping,fav
 *
 * (`totp` is absent from older exports.) A row whose url is `http://sn` is a secure note: `extra`
 * is its text, and a note starting with "NoteType:<type>" is one of LastPass's typed notes, written
 * as "Key:Value" lines with the free text last after "Notes:". "Credit Card" notes become cards,
 * "Address" notes identities; other typed notes (bank account, SSH key, Wi-Fi, custom types) become
 * notes with their fields as custom fields (passwords, PINs, passphrases, keys and codes hidden;
 * LastPass's empty dates, written "," or ",,", are skipped).
 * A row whose url is `http://group` is an empty folder. `grouping` is the folder (LastPass nests
 * with "\", written here with "/"), `fav` 1 a favourite, `extra` a login's notes.
 *
 * Refuses with IMPORT_FORMAT naming the line: a missing column, a row with the wrong number of
 * columns, an unclosed quote.
 */
import type { ItemDraft } from '../item-types';
import { cell, readCsv, type CsvRow } from './csv';
import { EntryBuilder } from './entry-builder';
import { finishImport, type MappedEntry } from './finish';
import { inputText } from './input';
import { entryLabel, type ImportInput, type ImportOptions, type ImportResult, type ImportWarning } from './types';

const WHAT = 'LastPass CSV';
export const LASTPASS_CSV_COLUMNS = ['url', 'username', 'password', 'extra', 'name', 'grouping', 'fav'] as const;
const SECRET_KEY = /password|passphrase|\bpin\b|private key|security code|number/i;
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A typed note's fields, in order, and its free text (after "Notes:"). */
export function parseTypedNote(extra: string): { type: string; fields: [string, string][]; notes: string } {
  const lines = extra.split(/\r?\n/);
  const fields: [string, string][] = [];
  let type = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const colon = line.indexOf(':');
    const key = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1);
    if (key === 'Notes') return { type, fields, notes: [value, ...lines.slice(i + 1)].join('\n') };
    if (key === 'NoteType') type = value;
    else if (key !== 'Language') fields.push([key, value]);
  }
  return { type, fields, notes: '' };
}

type Typed = ReturnType<typeof parseTypedNote>;

function take(typed: Typed, key: string): string {
  const index = typed.fields.findIndex(([k]) => k === key);
  if (index < 0) return '';
  const [[, value] = ['', '']] = typed.fields.splice(index, 1);
  return value;
}

function cardDraft(typed: Typed, b: EntryBuilder): ItemDraft {
  take(typed, 'Type');
  const draft: ItemDraft = { type: 'card', cardholder: take(typed, 'Name on Card'), number: take(typed, 'Number'), cvv: b.cvv(take(typed, 'Security Code')) };
  const [monthName = '', yearText = ''] = take(typed, 'Expiration Date').split(',');
  const monthIndex = MONTHS.indexOf(monthName.trim().toLowerCase());
  const month = monthIndex < 0 ? b.month(monthName, 'Expiry month') : monthIndex + 1;
  const year = b.year(yearText, 'Expiry year');
  if (month !== undefined) draft.expMonth = month;
  if (year !== undefined) draft.expYear = year;
  return draft;
}

function identityDraft(typed: Typed, b: EntryBuilder): ItemDraft {
  return {
    type: 'identity', title: take(typed, 'Title'), firstName: take(typed, 'First Name'), lastName: take(typed, 'Last Name'),
    company: take(typed, 'Company'), email: b.email(take(typed, 'Email Address')), phone: take(typed, 'Phone'),
    addressLines: [take(typed, 'Address 1'), take(typed, 'Address 2'), take(typed, 'Address 3')], city: take(typed, 'City / Town'),
    postcode: take(typed, 'Zip / Postal Code'), country: take(typed, 'Country'),
  };
}

function noteDraft(row: CsvRow, b: EntryBuilder): ItemDraft {
  const extra = cell(row, 'extra');
  if (!extra.startsWith('NoteType:')) return { type: 'note', notes: extra };
  const typed = parseTypedNote(extra);
  const draft = typed.type === 'Credit Card' ? cardDraft(typed, b) : typed.type === 'Address' ? identityDraft(typed, b) : ({ type: 'note' } as ItemDraft);
  for (const [key, value] of typed.fields) {
    if (!/^[,\s]*$/.test(value)) b.field(key, value, SECRET_KEY.test(key));
  }
  draft.notes = typed.notes;
  return draft;
}

function loginDraft(row: CsvRow, b: EntryBuilder): ItemDraft {
  b.url(cell(row, 'url'));
  const totp = b.totp(cell(row, 'totp'));
  const draft: ItemDraft = { type: 'login', username: cell(row, 'username'), password: cell(row, 'password'), urls: b.urls(), notes: cell(row, 'extra') };
  if (totp !== undefined) draft.totp = totp;
  return draft;
}

function folderOf(row: CsvRow): string {
  return cell(row, 'grouping').split('\\').map((part) => part.trim()).filter((part) => part !== '').join('/');
}

function mapRow(row: CsvRow, warnings: ImportWarning[]): MappedEntry {
  const label = entryLabel(cell(row, 'name'), row.line);
  const b = new EntryBuilder(label, warnings);
  const draft = cell(row, 'url').trim() === 'http://sn' ? noteDraft(row, b) : loginDraft(row, b);
  draft.name = b.name(cell(row, 'name'), b.firstHost(), cell(row, 'username'));
  draft.favourite = cell(row, 'fav').trim() === '1';
  draft.customFields = b.customFields;
  const folder = b.folder(folderOf(row));
  if (folder !== undefined) draft.folder = folder;
  return { label, draft };
}

export async function parseLastPassCsv(input: ImportInput, _options: ImportOptions): Promise<ImportResult> {
  const table = readCsv(inputText(input, WHAT), LASTPASS_CSV_COLUMNS, WHAT);
  const warnings: ImportWarning[] = [];
  const groups = table.rows.filter((row) => cell(row, 'url').trim() === 'http://group');
  const entries = table.rows.filter((row) => !groups.includes(row)).map((row) => mapRow(row, warnings));
  return finishImport('lastpass-csv', entries, groups.map(folderOf), warnings);
}
