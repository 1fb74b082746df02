/**
 * Browser password exports, one login per row:
 *
 * - Chrome and Edge ("Export passwords" in chrome://password-manager/settings, and Edge's
 *   edge://wallet/passwords): header `name,url,username,password` and, since Chrome 118, `note`.
 *   Rows may carry `android://…` URLs for app logins (kept as custom fields).
 * - Firefox (about:logins → "Export passwords", support.mozilla.org "Export login data from
 *   Firefox"): header `url,username,password,httpRealm,formActionOrigin,guid,timeCreated,
 *   timePasswordChanged,timeLastUsed` (times in epoch milliseconds). `httpRealm` is kept as a
 *   custom field; `formActionOrigin`, `guid` and the times are not imported.
 *
 * The name of a login without one is its URL's host. Refuses with IMPORT_FORMAT naming the line: a
 * missing column, a row with the wrong number of columns, an unclosed quote.
 */
import { cell, readCsv, type CsvRow } from './csv';
import { EntryBuilder } from './entry-builder';
import { finishImport, type MappedEntry } from './finish';
import { inputText } from './input';
import { entryLabel, type ImportInput, type ImportOptions, type ImportResult, type ImportWarning } from './types';

export const CHROME_CSV_COLUMNS = ['name', 'url', 'username', 'password'] as const;
export const FIREFOX_CSV_COLUMNS = ['url', 'username', 'password', 'httprealm', 'formactionorigin', 'guid'] as const;

function loginRow(row: CsvRow, name: string, warnings: ImportWarning[]): { b: EntryBuilder; label: string } {
  const label = entryLabel(name || cell(row, 'url'), row.line);
  const b = new EntryBuilder(label, warnings);
  b.url(cell(row, 'url'));
  return { b, label };
}

function chromeRow(row: CsvRow, warnings: ImportWarning[]): MappedEntry {
  const { b, label } = loginRow(row, cell(row, 'name'), warnings);
  const draft = {
    type: 'login' as const,
    name: b.name(cell(row, 'name'), b.firstHost(), cell(row, 'url'), cell(row, 'username')),
    username: cell(row, 'username'),
    password: cell(row, 'password'),
    urls: b.urls(),
    notes: cell(row, 'note'),
    customFields: b.customFields,
  };
  return { label, draft };
}

function firefoxRow(row: CsvRow, warnings: ImportWarning[]): MappedEntry {
  const { b, label } = loginRow(row, '', warnings);
  b.field('HTTP realm', cell(row, 'httprealm'), false);
  const draft = {
    type: 'login' as const,
    name: b.name(b.firstHost(), cell(row, 'url'), cell(row, 'username')),
    username: cell(row, 'username'),
    password: cell(row, 'password'),
    urls: b.urls(),
    customFields: b.customFields,
  };
  return { label, draft };
}

export async function parseChromeCsv(input: ImportInput, _options: ImportOptions): Promise<ImportResult> {
  const what = 'Chrome/Edge CSV';
  const table = readCsv(inputText(input, what), CHROME_CSV_COLUMNS, what);
  const warnings: ImportWarning[] = [];
  return finishImport('chrome-csv', table.rows.map((row) => chromeRow(row, warnings)), [], warnings);
}

export async function parseFirefoxCsv(input: ImportInput, _options: ImportOptions): Promise<ImportResult> {
  const what = 'Firefox CSV';
  const table = readCsv(inputText(input, what), FIREFOX_CSV_COLUMNS, what);
  const warnings: ImportWarning[] = [];
  return finishImport('firefox-csv', table.rows.map((row) => firefoxRow(row, warnings)), [], warnings);
}
