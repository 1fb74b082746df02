/**
 * Plain (unencrypted) exports, shown only behind a warning and a re-entry of the master password
 * (issue 9; docs/import-export.md):
 *
 * - JSON (RFC 8259): { "format": "sealed-vault-export", "version": 1, "encrypted": false,
 *   "items": [Item, …] }, every item exactly as stored (docs/items.md), two-space indented.
 *   `importPlainJson` reads it back, refusing another format or version and invalid items.
 * - CSV (RFC 4180: comma separated, CRLF line ends, a field quoted when it holds a comma, a quote,
 *   CR or LF or starts or ends with a space, quotes doubled): live logins only, one row each, header
 *   `name,url,username,password,note,totp,folder`, the first five as Chrome and Edge import them.
 *   Only the first URL fits a row. Values are written as they are: a spreadsheet may read a value
 *   starting with "=" as a formula, so open the file in a text editor or a password manager.
 *
 * Refuses (importPlainJson): not JSON, another format or version (BAD_ENCODING / UNKNOWN_VERSION),
 * an item that fails `itemSchema` or repeats an id (BAD_ENCODING).
 */
import { VaultError } from '../../protocol/errors';
import { itemSchema, type Item, type LoginItem } from '../item-types';

export const PLAIN_EXPORT_FORMAT = 'sealed-vault-export';
export const PLAIN_EXPORT_VERSION = 1;
export const CSV_EXPORT_COLUMNS = ['name', 'url', 'username', 'password', 'note', 'totp', 'folder'] as const;

/** Every item as readable JSON. */
export function exportPlainJson(items: readonly Item[]): string {
  return `${JSON.stringify({ format: PLAIN_EXPORT_FORMAT, version: PLAIN_EXPORT_VERSION, encrypted: false, items }, null, 2)}\n`;
}

/** The items of a plain JSON export, validated. */
export function importPlainJson(text: string): Item[] {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    throw new VaultError('BAD_ENCODING', 'not a plain vault export: the file is not JSON');
  }
  const record = typeof root === 'object' && root !== null ? (root as Record<string, unknown>) : {};
  if (record.format !== PLAIN_EXPORT_FORMAT || !Array.isArray(record.items)) throw new VaultError('BAD_ENCODING', 'not a plain vault export');
  if (record.version !== PLAIN_EXPORT_VERSION) throw new VaultError('UNKNOWN_VERSION', `plain export version ${String(record.version)} is not ${PLAIN_EXPORT_VERSION}`);
  const ids = new Set<string>();
  return (record.items as unknown[]).map((value, i) => {
    const checked = itemSchema.safeParse(value);
    if (!checked.success) throw new VaultError('BAD_ENCODING', `item ${i + 1} does not validate: ${checked.error.issues[0]?.message ?? 'invalid'}`);
    if (ids.has(checked.data.id)) throw new VaultError('BAD_ENCODING', `item ${i + 1} repeats id ${checked.data.id}`);
    ids.add(checked.data.id);
    return checked.data;
  });
}

/** One CSV field, quoted when RFC 4180 (or a reader trimming spaces) needs it. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function loginRow(item: LoginItem): string {
  const values = [item.name, item.urls[0]?.url ?? '', item.username, item.password, item.notes, item.totp ?? '', item.folder ?? ''];
  return values.map(csvField).join(',');
}

/** Live logins as CSV, CRLF after every row. */
export function exportCsv(items: readonly Item[]): string {
  const logins = items.filter((item): item is LoginItem => item.type === 'login' && item.trashedAt === null);
  return [CSV_EXPORT_COLUMNS.join(','), ...logins.map(loginRow)].map((line) => `${line}\r\n`).join('');
}
