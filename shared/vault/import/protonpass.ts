/**
 * Proton Pass exports (proton.me/support/pass-export), unencrypted:
 *
 * - JSON, alone or as `Proton Pass/data.json` inside the ZIP the app writes: {version, userId,
 *   encrypted: false, vaults: {<shareId>: {name, description, items: [{itemId, shareId, state
 *   (1 active, 2 trashed), pinned, createTime, modifyTime, aliasEmail, data: {type, metadata: {name,
 *   note}, extraFields, content}}]}}}. Types: login {itemEmail, itemUsername (before 1.18:
 *   username), password, urls, totpUri, passkeys}, note, alias, creditCard, identity, sshKey
 *   {privateKey, publicKey}, wifi {ssid, password}, custom {sections}.
 * - CSV: `type,name,url,email,username,password,note,totp,createTime,modifyTime,vault` (older exports
 *   lack email and vault); `url` may list several URLs separated by commas; for creditCard and
 *   identity rows the `note` column holds the item's content as JSON.
 *
 * The vault's name → folder, `pinned` → favourite, extra fields → custom fields. An alias becomes a
 * note naming its address (the alias itself stays in Proton). Not imported (warned): trashed items,
 * passkeys, attachments. Refuses with IMPORT_FORMAT: a PGP-encrypted export (export again without
 * encryption), `encrypted: true`, a ZIP without data.json, JSON without a "vaults" object, wrong JSON
 * types (naming the entry), and the CSV errors of `csv.ts` (naming the line).
 */
import type { ItemDraft } from '../item-types';
import { cell, readCsv, type CsvRow } from './csv';
import { EntryBuilder } from './entry-builder';
import { finishImport, type MappedEntry } from './finish';
import { inputBytes, inputText, isZip, parseJson, unzip } from './input';
import { asObject, child, flag, list, objects, optNumber, text, type JsonObject } from './json-fields';
import { addExtraFields, cardFromProton, contentFromText, identityFromProton } from './protonpass-content';
import { entryLabel, importError, type ImportInput, type ImportOptions, type ImportResult, type ImportWarning } from './types';

const WHAT_JSON = 'Proton Pass JSON';
const WHAT_CSV = 'Proton Pass CSV';
export const PROTONPASS_CSV_COLUMNS = ['type', 'name', 'url', 'username', 'password', 'note', 'totp'] as const;

function loginDraft(username: string, email: string, password: string, urls: readonly string[], totpRaw: string, b: EntryBuilder): ItemDraft {
  for (const url of urls) b.url(url);
  if (username !== '' && email !== '' && username !== email) b.field('Email', email, false);
  const totp = b.totp(totpRaw);
  const draft: ItemDraft = { type: 'login', username: username || email, password, urls: b.urls() };
  if (totp !== undefined) draft.totp = totp;
  return draft;
}

function jsonContent(type: string, content: JsonObject, item: JsonObject, b: EntryBuilder, where: string): ItemDraft {
  if (type === 'login') {
    if (list(content, 'passkeys', where).length > 0) b.warn('passkeys are not imported');
    const urls = list(content, 'urls', where).filter((u): u is string => typeof u === 'string');
    const username = text(content, 'itemUsername', where) || text(content, 'username', where);
    return loginDraft(username, text(content, 'itemEmail', where), text(content, 'password', where), urls, text(content, 'totpUri', where), b);
  }
  if (type === 'creditCard') return cardFromProton(content, b, where);
  if (type === 'identity') return identityFromProton(content, b, where);
  if (type === 'sshKey') return { type: 'ssh-key', privateKey: text(content, 'privateKey', where), publicKey: text(content, 'publicKey', where) };
  if (type === 'alias') b.field('Alias', text(item, 'aliasEmail', where), false);
  if (type === 'wifi') {
    b.field('SSID', text(content, 'ssid', where), false);
    b.field('Password', text(content, 'password', where), true);
  }
  for (const section of objects(content, 'sections', where)) addExtraFields(objects(section, 'sectionFields', where), b, where);
  if (!['note', 'alias', 'wifi', 'custom'].includes(type)) b.warn(`unknown Proton Pass item type "${type}"; imported as a note`);
  return { type: 'note' };
}

function mapJsonItem(item: JsonObject, vault: string, position: number, warnings: ImportWarning[]): MappedEntry | null {
  const data = child(item, 'data', `${WHAT_JSON}: item ${position}`) ?? {};
  const metadata = child(data, 'metadata', `${WHAT_JSON}: item ${position}`) ?? {};
  const label = entryLabel(typeof metadata.name === 'string' ? metadata.name : '', position);
  const where = `entry ${label}`;
  const b = new EntryBuilder(label, warnings);
  if (optNumber(item, 'state', where) === 2) {
    b.warn('in the Proton Pass trash; not imported');
    return null;
  }
  const type = text(data, 'type', where);
  const draft = jsonContent(type, child(data, 'content', where) ?? {}, item, b, where);
  const extraTotp = addExtraFields(objects(data, 'extraFields', where), b, where, draft.type === 'login' && draft.totp === undefined);
  if (draft.type === 'login' && extraTotp !== undefined) draft.totp = extraTotp;
  if (list(item, 'files', where).length > 0) b.warn('attachments are not imported');
  draft.name = b.name(text(metadata, 'name', where), b.firstHost());
  draft.notes = text(metadata, 'note', where);
  draft.favourite = flag(item, 'pinned', where);
  draft.customFields = b.customFields;
  const folder = b.folder(vault);
  if (folder !== undefined) draft.folder = folder;
  return { label, draft };
}

/** The data.json text of a JSON export or of the ZIP that holds one. */
function jsonText(input: ImportInput): string {
  const bytes = typeof input === 'string' ? null : inputBytes(input);
  if (bytes === null || !isZip(bytes)) return inputText(input, WHAT_JSON);
  const files = unzip(bytes, WHAT_JSON);
  const names = Object.keys(files);
  if (names.some((name) => name.endsWith('.pgp'))) importError(`${WHAT_JSON}: this export is PGP-encrypted; export again without encryption`);
  const name = names.find((n) => n === 'data.json' || n.endsWith('/data.json'));
  const data = name === undefined ? undefined : files[name];
  if (data === undefined) importError(`${WHAT_JSON}: the archive has no data.json`);
  return inputText(data, WHAT_JSON);
}

export async function parseProtonPassJson(input: ImportInput, _options: ImportOptions): Promise<ImportResult> {
  const text0 = jsonText(input);
  if (text0.trimStart().startsWith('-----BEGIN PGP')) importError(`${WHAT_JSON}: this export is PGP-encrypted; export again without encryption`);
  const root = asObject(parseJson(text0, WHAT_JSON), WHAT_JSON);
  if (root.encrypted === true) importError(`${WHAT_JSON}: this export is encrypted; export again without encryption`);
  const vaults = child(root, 'vaults', WHAT_JSON);
  if (vaults === null) importError(`${WHAT_JSON}: not a Proton Pass export (no "vaults" object)`);
  const warnings: ImportWarning[] = [];
  const entries: MappedEntry[] = [];
  const folders: string[] = [];
  for (const [id, value] of Object.entries(vaults)) {
    const vault = asObject(value, `${WHAT_JSON}: vault ${id}`);
    const name = text(vault, 'name', `${WHAT_JSON}: vault ${id}`);
    folders.push(name);
    for (const item of objects(vault, 'items', `${WHAT_JSON}: vault '${name}'`)) {
      const mapped = mapJsonItem(item, name, entries.length + 1, warnings);
      if (mapped !== null) entries.push(mapped);
    }
  }
  return finishImport('protonpass-json', entries, folders, warnings);
}

function csvContent(row: CsvRow, type: string, b: EntryBuilder): ItemDraft {
  const where = `${WHAT_CSV}: line ${row.line}`;
  const content = type === 'creditCard' || type === 'identity' ? contentFromText(cell(row, 'note')) : null;
  if (type === 'login') {
    const urls = cell(row, 'url').split(',');
    return loginDraft(cell(row, 'username'), cell(row, 'email'), cell(row, 'password'), urls, cell(row, 'totp'), b);
  }
  if (content !== null) {
    const draft = type === 'creditCard' ? cardFromProton(content, b, where) : identityFromProton(content, b, where);
    draft.notes = text(content, 'note', where);
    return draft;
  }
  if (type === 'alias') b.field('Alias', cell(row, 'email'), false);
  else if (type !== 'note') b.warn(`Proton Pass "${type}" items in CSV carry only their note; imported as a note`);
  return { type: 'note', notes: cell(row, 'note') };
}

export async function parseProtonPassCsv(input: ImportInput, _options: ImportOptions): Promise<ImportResult> {
  const table = readCsv(inputText(input, WHAT_CSV), PROTONPASS_CSV_COLUMNS, WHAT_CSV);
  const warnings: ImportWarning[] = [];
  const entries = table.rows.map((row): MappedEntry => {
    const label = entryLabel(cell(row, 'name'), row.line);
    const b = new EntryBuilder(label, warnings);
    const draft = csvContent(row, cell(row, 'type').trim(), b);
    draft.name = b.name(cell(row, 'name'), b.firstHost());
    if (draft.type === 'login') draft.notes = cell(row, 'note');
    draft.customFields = b.customFields;
    const folder = b.folder(cell(row, 'vault'));
    if (folder !== undefined) draft.folder = folder;
    return { label, draft };
  });
  return finishImport('protonpass-csv', entries, [], warnings);
}
