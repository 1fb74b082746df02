/**
 * 1Password Unencrypted Export, 1PUX (support.1password.com/1pux-format): a ZIP archive holding
 * `export.attributes`, `export.data` (JSON: accounts[].vaults[{attrs: {name}, items[]}]) and
 * attachment files under `files/`.
 *
 * Items by `categoryUuid`: 001 Login and 005 Password → login (loginFields with designation
 * username/password, `details.password`, `overview.urls`/`overview.url`, the first valid TOTP field),
 * 110 Server → login, 002 Credit Card → card, 004 Identity → identity, 102 Database → database,
 * 112 API Credential → api-key, 114 SSH Key → ssh-key; every other category (secure note, document,
 * bank account, wireless router, …) → note. Common: `overview.title` → name, `details.notesPlain`
 * → notes, `favIndex` > 0 → favourite, `overview.tags` → tags (plus "Archived" for archived items),
 * the vault's name → folder. Section fields no type mapping takes become custom fields (concealed
 * ones hidden); document and file attachments are listed by name in "Attachments". Not imported:
 * attachment contents, password history (warned), trashed items (warned).
 *
 * Refuses with IMPORT_FORMAT: a file that is not a ZIP, an archive without `export.data`, data that
 * is not JSON or has no `accounts` list, members of the wrong JSON type (naming the entry).
 */
import type { ItemDraft } from '../item-types';
import { EntryBuilder } from './entry-builder';
import { finishImport, type MappedEntry } from './finish';
import { inputBytes, inputText, parseJson, unzip } from './input';
import { asObject, child, list, objects, optNumber, text, type JsonObject } from './json-fields';
import { dateFieldMs, integerValue, OpFields, sectionFields } from './onepassword-fields';
import { entryLabel, importError, type ImportInput, type ImportOptions, type ImportResult, type ImportWarning } from './types';

const WHAT = '1Password 1PUX';

interface Source {
  readonly item: JsonObject;
  readonly details: JsonObject;
  readonly overview: JsonObject;
  readonly fields: OpFields;
  readonly where: string;
}

type Mapper = (source: Source, b: EntryBuilder) => ItemDraft;

function loginField(details: JsonObject, designation: string, where: string): string {
  const field = objects(details, 'loginFields', where).find((f) => text(f, 'designation', where) === designation);
  return field === undefined ? '' : text(field, 'value', where);
}

function mapLogin({ details, overview, fields, where }: Source, b: EntryBuilder): ItemDraft {
  for (const entry of objects(overview, 'urls', where)) b.url(text(entry, 'url', where));
  b.url(text(overview, 'url', where));
  b.url(fields.take('url'));
  for (const field of objects(details, 'loginFields', where)) {
    const designation = text(field, 'designation', where);
    if (designation !== 'username' && designation !== 'password') b.field(text(field, 'name', where), text(field, 'value', where), text(field, 'fieldType', where) === 'P');
  }
  let totp: string | undefined;
  for (const field of fields.takeKind('totp')) {
    if (totp === undefined) totp = b.totp(field.value, field.title);
    else b.field(field.title, field.value, true);
  }
  const username = loginField(details, 'username', where) || fields.take('username');
  const password = loginField(details, 'password', where) || text(details, 'password', where) || fields.take('password');
  const draft: ItemDraft = { type: 'login', username, password, urls: b.urls() };
  if (totp !== undefined) draft.totp = totp;
  return draft;
}

function mapCard({ fields }: Source, b: EntryBuilder): ItemDraft {
  fields.take('type');
  const draft: ItemDraft = { type: 'card', cardholder: fields.take('cardholder'), number: fields.take('ccnum'), cvv: b.cvv(fields.take('cvv')) };
  const expiry = /^(\d{4})-(\d{2})$/.exec(fields.take('expiry'));
  const month = expiry === null ? undefined : b.month(expiry[2] ?? '', 'Expiry month');
  const year = expiry === null ? undefined : b.year(expiry[1] ?? '', 'Expiry year');
  if (month !== undefined) draft.expMonth = month;
  if (year !== undefined) draft.expYear = year;
  return draft;
}

function mapIdentity({ fields, where }: Source, b: EntryBuilder): ItemDraft {
  const address = fields.takeField('address')?.structured ?? {};
  const get = (key: string): string => text(address, key, where).trim();
  b.field('State', get('state'), false);
  return {
    type: 'identity', firstName: fields.take('firstname'), lastName: fields.take('lastname'), company: fields.take('company'),
    email: b.email(fields.take('email')), phone: fields.take('defphone', 'cellphone', 'homephone', 'busphone'),
    addressLines: get('street').split('\n'), city: get('city'), postcode: get('zip'), country: get('country'),
  };
}

function mapDatabase({ fields }: Source, b: EntryBuilder): ItemDraft {
  const portText = fields.take('port');
  const port = integerValue(portText);
  if (port === undefined) b.field('Port', portText, false);
  const draft: ItemDraft = {
    type: 'database', engine: fields.take('database_type'), host: fields.take('hostname'), database: fields.take('database'),
    username: fields.take('username'), password: fields.take('password'),
  };
  if (port !== undefined && port >= 1 && port <= 65535) draft.port = port;
  else if (port !== undefined) b.field('Port', portText, false);
  return draft;
}

function mapApiCredential({ fields }: Source): ItemDraft {
  const draft: ItemDraft = { type: 'api-key', key: fields.take('credential'), service: fields.take('hostname') };
  const expires = dateFieldMs(fields.takeField('expires'));
  if (expires !== undefined) draft.expiresAt = expires;
  return draft;
}

function mapSshKey({ fields, where }: Source): ItemDraft {
  const key = fields.all.find((f) => f.kind === 'sshKey');
  fields.takeKind('sshKey');
  const metadata = key?.structured === null || key === undefined ? {} : (child(key.structured, 'metadata', where) ?? {});
  return { type: 'ssh-key', privateKey: key?.value ?? '', publicKey: text(metadata, 'publicKey', where) };
}

const MAPPERS: Readonly<Record<string, Mapper>> = {
  '001': mapLogin, '005': mapLogin, '110': mapLogin, '002': mapCard, '004': mapIdentity, '102': mapDatabase,
  '112': (source) => mapApiCredential(source), '114': (source) => mapSshKey(source),
};

/** Attachment names of an item: a document's file and any file fields. */
function attachments(source: Source): string[] {
  const names = source.fields.takeKind('file').map((f) => f.value);
  const document = child(source.details, 'documentAttributes', source.where);
  if (document !== null) names.unshift(text(document, 'fileName', source.where));
  return names.filter((name) => name !== '');
}

function mapItem(item: JsonObject, vault: string, position: number, warnings: ImportWarning[]): MappedEntry | null {
  const overview = child(item, 'overview', `${WHAT}: item ${position}`) ?? {};
  const label = entryLabel(typeof overview.title === 'string' ? overview.title : '', position);
  const where = `entry ${label}`;
  const b = new EntryBuilder(label, warnings);
  const state = text(item, 'state', where);
  if (item.trashed === true || state === 'deleted' || state === 'trashed') {
    b.warn('in the 1Password trash; not imported');
    return null;
  }
  const details = child(item, 'details', where) ?? {};
  const source: Source = { item, details, overview, fields: new OpFields(sectionFields(details, where)), where };
  const category = text(item, 'categoryUuid', where);
  const draft = (MAPPERS[category] ?? ((): ItemDraft => ({ type: 'note' })))(source, b);
  for (const field of source.fields.rest()) b.field(field.title, field.value, field.hidden);
  const files = attachments(source);
  if (files.length > 0) {
    b.field('Attachments', files.join('\n'), false);
    b.warn(`attachment contents are not imported (${files.join(', ')})`);
  }
  if (list(details, 'passwordHistory', where).length > 0) b.warn('password history is not imported');
  const tags = list(overview, 'tags', where).filter((t): t is string => typeof t === 'string');
  draft.name = b.name(text(overview, 'title', where), b.firstHost());
  draft.notes = text(details, 'notesPlain', where);
  draft.favourite = (optNumber(item, 'favIndex', where) ?? 0) > 0;
  draft.tags = b.tags(state === 'archived' ? [...tags, 'Archived'] : tags);
  draft.customFields = b.customFields;
  const folder = b.folder(vault);
  if (folder !== undefined) draft.folder = folder;
  return { label, draft };
}

export async function parse1pux(input: ImportInput, _options: ImportOptions): Promise<ImportResult> {
  const files = unzip(inputBytes(input), WHAT);
  const data = files['export.data'];
  if (data === undefined) importError(`${WHAT}: the archive has no export.data (is this a 1PUX file?)`);
  const root = asObject(parseJson(inputText(data, `${WHAT} export.data`), `${WHAT} export.data`), `${WHAT} export.data`);
  if (!Array.isArray(root.accounts)) importError(`${WHAT}: export.data has no "accounts" list`);
  const warnings: ImportWarning[] = [];
  const entries: MappedEntry[] = [];
  const folders: string[] = [];
  for (const account of objects(root, 'accounts', WHAT)) {
    for (const vault of objects(account, 'vaults', WHAT)) {
      const name = text(child(vault, 'attrs', WHAT) ?? {}, 'name', WHAT);
      folders.push(name);
      for (const item of objects(vault, 'items', `${WHAT}: vault '${name}'`)) {
        const mapped = mapItem(item, name, entries.length + 1, warnings);
        if (mapped !== null) entries.push(mapped);
      }
    }
  }
  return finishImport('1password-1pux', entries, folders, warnings);
}
