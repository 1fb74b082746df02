/**
 * Reading CSV exports: RFC 4180 (comma separator, double-quoted fields that may hold commas, quotes
 * and line breaks, CRLF or LF line ends) through papaparse, with a header row naming the columns.
 *
 * Every row is tied to the line of the file it starts on, so errors read "line 7: expected 5
 * columns, found 3". Blank lines are skipped. Refuses with IMPORT_FORMAT: an empty file, a quoted
 * field that is never closed (a truncated file) or is followed by stray characters, a row whose
 * column count differs from the header's, a header without a column the format requires, and a
 * header that names a column twice.
 */
import Papa from 'papaparse';
import { importError } from './types';

export interface CsvRow {
  /** Line of the file on which the row starts (1 is the header's, when the file starts with it). */
  readonly line: number;
  /** Cell by lower-cased, trimmed column name. */
  readonly cells: Readonly<Record<string, string>>;
}

export interface CsvTable {
  /** Column names as the header gives them, lower-cased and trimmed. */
  readonly columns: readonly string[];
  readonly rows: readonly CsvRow[];
}

interface RawRow {
  readonly line: number;
  readonly values: string[];
}

function quoteProblem(code: string): string {
  return code === 'MissingQuotes'
    ? 'a quoted field is never closed (is the file truncated?)'
    : 'a quoted field is followed by characters other than a comma or line end';
}

/** Every row with its starting line; throws on the first quoting error. */
function rawRows(text: string, what: string): RawRow[] {
  const rows: RawRow[] = [];
  let line = 1;
  let scanned = 0;
  Papa.parse<string[]>(text, {
    delimiter: ',',
    quoteChar: '"',
    escapeChar: '"',
    skipEmptyLines: false,
    step: (result) => {
      const startLine = line;
      for (let i = scanned; i < result.meta.cursor && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
      scanned = result.meta.cursor;
      const error = result.errors[0];
      if (error !== undefined) importError(`${what}: line ${startLine}: ${error.type === 'Quotes' ? quoteProblem(error.code) : error.message}`);
      const blank = result.data.length === 1 && result.data[0]?.trim() === '';
      if (!blank) rows.push({ line: startLine, values: result.data });
    },
  });
  return rows;
}

/** The table of a CSV export; `required` columns must all be present in the header. */
export function readCsv(text: string, required: readonly string[], what: string): CsvTable {
  const [header, ...body] = rawRows(text, what);
  if (header === undefined) importError(`${what}: the file is empty`);
  const columns = header.values.map((name) => name.trim().toLowerCase());
  const duplicate = columns.find((name, i) => name !== '' && columns.indexOf(name) !== i);
  if (duplicate !== undefined) importError(`${what}: line ${header.line}: the header names column "${duplicate}" twice`);
  const missing = required.filter((name) => !columns.includes(name));
  if (missing.length > 0) importError(`${what}: line ${header.line}: the header has no ${missing.map((m) => `"${m}"`).join(', ')} column`);
  const rows = body.map((row) => {
    if (row.values.length !== columns.length) {
      importError(`${what}: line ${row.line}: expected ${columns.length} columns, found ${row.values.length}`);
    }
    const cells: Record<string, string> = {};
    columns.forEach((name, i) => {
      if (name !== '') cells[name] = row.values[i] ?? '';
    });
    return { line: row.line, cells };
  });
  return { columns, rows };
}

/** A row's cell, '' when the column is absent. */
export function cell(row: CsvRow, column: string): string {
  return row.cells[column] ?? '';
}

/** The header row alone, lower-cased, for format detection; null when the text is not CSV-like. */
export function csvHeader(text: string): string[] | null {
  const firstLine = text.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.trim() === '' || !firstLine.includes(',')) return null;
  const parsed = Papa.parse<string[]>(firstLine, { delimiter: ',' });
  return (parsed.data[0] ?? []).map((name) => name.trim().toLowerCase());
}
