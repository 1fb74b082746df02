/**
 * Bitwarden CSV export (bitwarden.com/help/condition-bitwarden-import, "Condition a .csv"):
 *
 *   personal:      folder,favorite,type,name,notes,fields,login_uri,login_username,login_password,login_totp
 *   organisation:  collections,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp
 *
 * `type` is `login` or `note` (the only types Bitwarden writes to CSV); `favorite` is 1 or empty;
 * `fields` holds one custom field per line as "name: value" (not hidden: CSV does not say);
 * `login_uri` may list several URIs separated by commas; `collections` may list several, the first
 * becomes the folder. Refuses with IMPORT_FORMAT naming the line: a missing column, a row with the
 * wrong number of columns, an unclosed quote, an unknown type.
 */
import { cell, readCsv, type CsvRow } from './csv';
import { EntryBuilder } from './entry-builder';
import { finishImport, type MappedEntry } from './finish';
import { inputText } from './input';
import { entryLabel, importError, type ImportInput, type ImportOptions, type ImportResult, type ImportWarning } from './types';
import type { ItemDraft } from '../item-types';

const WHAT = 'Bitwarden CSV';
export const BITWARDEN_CSV_COLUMNS = ['type', 'name', 'notes', 'fields', 'login_uri', 'login_username', 'login_password', 'login_totp'] as const;

/** "name: value" lines; a line without ": " is a field with that name and no value. */
function addFields(fields: string, b: EntryBuilder): void {
  for (const line of fields.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const split = line.indexOf(': ');
    if (split < 0) b.field(line, '', false);
    else b.field(line.slice(0, split), line.slice(split + 2), false);
  }
}

function mapRow(row: CsvRow, warnings: ImportWarning[]): MappedEntry {
  const label = entryLabel(cell(row, 'name'), row.line);
  const b = new EntryBuilder(label, warnings);
  const type = cell(row, 'type').trim().toLowerCase();
  if (type !== 'login' && type !== 'note') importError(`${WHAT}: line ${row.line}: type must be "login" or "note", found "${type}"`);
  addFields(cell(row, 'fields'), b);
  let draft: ItemDraft = { type: 'note' };
  if (type === 'login') {
    for (const uri of cell(row, 'login_uri').split(',')) b.url(uri);
    const totp = b.totp(cell(row, 'login_totp'));
    draft = { type: 'login', username: cell(row, 'login_username'), password: cell(row, 'login_password'), urls: b.urls() };
    if (totp !== undefined) draft.totp = totp;
  }
  draft.name = b.name(cell(row, 'name'), b.firstHost());
  draft.notes = cell(row, 'notes');
  draft.favourite = cell(row, 'favorite').trim() === '1';
  draft.customFields = b.customFields;
  const folder = b.folder(cell(row, 'folder') || (cell(row, 'collections').split(',')[0] ?? ''));
  if (folder !== undefined) draft.folder = folder;
  return { label, draft };
}

export async function parseBitwardenCsv(input: ImportInput, _options: ImportOptions): Promise<ImportResult> {
  const table = readCsv(inputText(input, WHAT), BITWARDEN_CSV_COLUMNS, WHAT);
  if (!table.columns.includes('folder') && !table.columns.includes('collections')) {
    importError(`${WHAT}: line 1: the header has neither a "folder" nor a "collections" column`);
  }
  const warnings: ImportWarning[] = [];
  const entries = table.rows.map((row) => mapRow(row, warnings));
  return finishImport('bitwarden-csv', entries, [], warnings);
}
