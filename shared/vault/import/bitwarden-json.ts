/**
 * Bitwarden JSON export (bitwarden.com/help/export-your-data, "Export formats", and the
 * `condensed-import` JSON described at bitwarden.com/help/condition-bitwarden-import): a root
 * object with `folders` [{id, name}] (or `collections` in an organisation export) and `items`.
 *
 * Items by `type`: 1 login {uris [{uri, match}], username, password, totp}, 2 secure note,
 * 3 card {cardholderName, brand, number, expMonth, expYear, code}, 4 identity {title, firstName,
 * middleName, lastName, address1..3, city, state, postalCode, country, company, email, phone, ssn,
 * username, passportNumber, licenseNumber}, 5 SSH key {privateKey, publicKey, keyFingerprint}.
 * `fields` [{name, value, type}] become custom fields (type 1 hidden, 3 "linked" has no value and
 * is skipped); `favorite`, `notes` and the folder come along. Not imported (warned where present):
 * password history, passkeys (`fido2Credentials`), deleted items (`deletedDate`).
 *
 * A password-protected export (`encrypted: true, passwordProtected: true`) is opened first by
 * `bitwarden-encrypted.ts`. Refuses with IMPORT_FORMAT: text that is not JSON, a root without an
 * `items` list, members of the wrong JSON type (naming the entry), an account-restricted encrypted
 * export (its key is the Bitwarden account's and never leaves Bitwarden).
 */
import type { ItemDraft } from '../item-types';
import { decryptBitwardenExport } from './bitwarden-encrypted';
import { EntryBuilder, type UrlMatch } from './entry-builder';
import { finishImport, type MappedEntry } from './finish';
import { inputText, parseJson } from './input';
import { asObject, child, flag, list, objects, optNumber, text, textOrNumber, type JsonObject } from './json-fields';
import { entryLabel, importError, type ImportInput, type ImportOptions, type ImportResult, type ImportWarning } from './types';

const WHAT = 'Bitwarden JSON';

/** Bitwarden UriMatchType: 0 Domain, 1 Host, 2 StartsWith, 3 Exact, 4 RegularExpression, 5 Never. */
const URI_MATCH: Readonly<Record<number, UrlMatch>> = { 0: 'domain', 1: 'origin', 3: 'exact', 5: 'never' };

type Mapper = (item: JsonObject, where: string, b: EntryBuilder) => ItemDraft;

function mapLogin(item: JsonObject, where: string, b: EntryBuilder): ItemDraft {
  const login = child(item, 'login', where) ?? {};
  for (const uri of objects(login, 'uris', where)) {
    const match = optNumber(uri, 'match', where);
    b.url(text(uri, 'uri', where), match === undefined ? undefined : URI_MATCH[match]);
  }
  if (list(login, 'fido2Credentials', where).length > 0) b.warn('passkeys are not imported');
  const totp = b.totp(text(login, 'totp', where));
  const draft: ItemDraft = { type: 'login', username: text(login, 'username', where), password: text(login, 'password', where), urls: b.urls() };
  if (totp !== undefined) draft.totp = totp;
  return draft;
}

function mapCard(item: JsonObject, where: string, b: EntryBuilder): ItemDraft {
  const card = child(item, 'card', where) ?? {};
  const draft: ItemDraft = { type: 'card', cardholder: text(card, 'cardholderName', where), number: text(card, 'number', where), cvv: b.cvv(text(card, 'code', where)) };
  const month = b.month(textOrNumber(card, 'expMonth', where), 'Expiry month');
  const year = b.year(textOrNumber(card, 'expYear', where), 'Expiry year');
  if (month !== undefined) draft.expMonth = month;
  if (year !== undefined) draft.expYear = year;
  return draft;
}

function mapIdentity(item: JsonObject, where: string, b: EntryBuilder): ItemDraft {
  const id = child(item, 'identity', where) ?? {};
  const get = (key: string): string => text(id, key, where);
  b.field('Middle name', get('middleName'), false);
  b.field('State', get('state'), false);
  b.field('Username', get('username'), false);
  b.field('SSN', get('ssn'), true);
  b.field('Passport number', get('passportNumber'), true);
  b.field('Licence number', get('licenseNumber'), true);
  return {
    type: 'identity', title: get('title'), firstName: get('firstName'), lastName: get('lastName'), email: b.email(get('email')),
    phone: get('phone'), addressLines: [get('address1'), get('address2'), get('address3')], city: get('city'),
    postcode: get('postalCode'), country: get('country'), company: get('company'),
  };
}

function mapSshKey(item: JsonObject, where: string): ItemDraft {
  const key = child(item, 'sshKey', where) ?? {};
  return { type: 'ssh-key', privateKey: text(key, 'privateKey', where), publicKey: text(key, 'publicKey', where) };
}

const MAPPERS: Readonly<Record<number, Mapper>> = {
  1: mapLogin,
  2: () => ({ type: 'note' }),
  3: mapCard,
  4: mapIdentity,
  5: (item, where) => mapSshKey(item, where),
};

function mapFields(item: JsonObject, where: string, b: EntryBuilder): void {
  for (const field of objects(item, 'fields', where)) {
    const type = optNumber(field, 'type', where) ?? 0;
    if (type === 3) continue;
    b.field(text(field, 'name', where), textOrNumber(field, 'value', where), type === 1);
  }
}

function folderOf(item: JsonObject, where: string, folders: ReadonlyMap<string, string>): string {
  const folderId = text(item, 'folderId', where);
  if (folderId !== '') return folders.get(folderId) ?? '';
  const collection = list(item, 'collectionIds', where).find((id) => typeof id === 'string' && folders.has(id));
  return typeof collection === 'string' ? (folders.get(collection) ?? '') : '';
}

function mapItem(item: JsonObject, position: number, folders: ReadonlyMap<string, string>, warnings: ImportWarning[]): MappedEntry | null {
  const rawName = typeof item.name === 'string' ? item.name : '';
  const label = entryLabel(rawName, position);
  const where = `entry ${label}`;
  const b = new EntryBuilder(label, warnings);
  if (text(item, 'deletedDate', where) !== '') {
    b.warn('in the Bitwarden trash; not imported');
    return null;
  }
  mapFields(item, where, b);
  if (list(item, 'passwordHistory', where).length > 0) b.warn('password history is not imported');
  const type = optNumber(item, 'type', where);
  const mapper = type === undefined ? undefined : MAPPERS[type];
  if (mapper === undefined) b.warn(`unknown Bitwarden item type ${String(type)}; imported as a note`);
  const draft = mapper === undefined ? ({ type: 'note' } as ItemDraft) : mapper(item, where, b);
  draft.name = b.name(text(item, 'name', where), b.firstHost());
  draft.notes = text(item, 'notes', where);
  draft.favourite = flag(item, 'favorite', where);
  draft.customFields = b.customFields;
  const folder = b.folder(folderOf(item, where, folders));
  if (folder !== undefined) draft.folder = folder;
  return { label, draft };
}

/** Maps the plaintext export object (after decryption, when it was protected). */
export function mapBitwardenExport(root: JsonObject, format: 'bitwarden-json' = 'bitwarden-json'): ImportResult {
  if (!Array.isArray(root.items)) importError(`${WHAT}: not a Bitwarden export (no "items" list)`);
  const folders = new Map<string, string>();
  for (const key of ['folders', 'collections']) {
    for (const folder of objects(root, key, WHAT)) folders.set(text(folder, 'id', `${WHAT} ${key}`), text(folder, 'name', `${WHAT} ${key}`).trim());
  }
  const warnings: ImportWarning[] = [];
  const entries: MappedEntry[] = [];
  list(root, 'items', WHAT).forEach((value, i) => {
    const mapped = mapItem(asObject(value, `${WHAT}: item ${i + 1}`), i + 1, folders, warnings);
    if (mapped !== null) entries.push(mapped);
  });
  return finishImport(format, entries, [...folders.values()].filter((name) => name !== ''), warnings);
}

export async function parseBitwardenJson(input: ImportInput, options: ImportOptions): Promise<ImportResult> {
  const root = asObject(parseJson(inputText(input, WHAT), WHAT), WHAT);
  if (root.encrypted !== true) return mapBitwardenExport(root);
  if (root.passwordProtected !== true) {
    importError(`${WHAT}: this export is encrypted with the Bitwarden account's key, which only Bitwarden has; export again choosing "Password protected"`);
  }
  const plaintext = await decryptBitwardenExport(root, options.password);
  return mapBitwardenExport(asObject(parseJson(plaintext, `${WHAT} (decrypted)`), `${WHAT} (decrypted)`));
}
