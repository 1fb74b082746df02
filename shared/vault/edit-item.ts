/**
 * Creating and editing items: turns what an add or edit form sends (an `ItemDraft`) into a stored
 * `Item`, normalising input, deriving computed fields and keeping password history.
 *
 * Rules (docs/items.md): a field the draft omits keeps its value; '' clears an optional text field
 * and null an optional number. Derived fields are computed here, never taken from a draft: the SSH
 * fingerprint from the public key (which may itself be read from an OpenSSH private key), certificate
 * validity and subject from the PEM, the card brand from the number unless the draft names one.
 * Every secret value an edit replaces or removes goes to the item's history, newest last, capped at
 * `LIMITS.history`; if the item would outgrow the largest record, the oldest history goes first.
 * An edit that changes nothing returns the item unchanged.
 *
 * Refuses, with INVALID_ITEM naming the field: drafts that fail `itemDraftSchema`, a result that
 * fails `itemSchema`, an id on a new item, a different id or type on an edit, unparseable keys and
 * certificates, and an SSH private key that does not belong to its public key.
 */
import { VaultError } from '../protocol/errors';
import { detectCardBrand } from './card';
import { readCertificate } from './certificate';
import { encodeItem } from './item-codec';
import { newItemId, type RandomBytes } from './item-id';
import { normalizeFields } from './normalize-draft';
import { formatSshPublicKey, parseSshPublicKey, sshPublicKeyOfPrivateKey } from './ssh-key';
import {
  itemDraftSchema,
  itemSchema,
  LIMITS,
  secretValuesOf,
  SYSTEM_FIELDS,
  type HistoryEntry,
  type Item,
  type ItemDraft,
  type ItemType,
} from './item-types';

type Fields = Record<string, unknown>;

const COMMON_DEFAULTS: Fields = { name: '', tags: [], favourite: false, notes: '', customFields: [] };
const TYPE_DEFAULTS: Readonly<Record<ItemType, Fields>> = {
  login: { username: '', password: '', urls: [] },
  note: {},
  card: { cardholder: '', number: '', cvv: '' },
  identity: { title: '', firstName: '', lastName: '', email: '', phone: '', addressLines: [], city: '', postcode: '', country: '', company: '' },
  'api-key': { owner: '', key: '', service: '' },
  token: { owner: '', token: '', service: '' },
  'ssh-key': { owner: '', privateKey: '', publicKey: '' },
  certificate: { owner: '', pem: '' },
  database: { owner: '', engine: '', host: '', database: '', username: '', password: '' },
};

function invalid(message: string): never {
  throw new VaultError('INVALID_ITEM', message);
}

function firstIssue(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return issue === undefined ? 'invalid' : `${issue.path.map(String).join('.') || 'item'}: ${issue.message}`;
}

function parseDraft(draft: unknown): ItemDraft {
  const parsed = itemDraftSchema.safeParse(draft);
  if (!parsed.success) invalid(firstIssue(parsed.error));
  return parsed.data;
}

/** The draft's fields that are present, without `type` and `id`. */
function presentFields(draft: ItemDraft): Fields {
  const out: Fields = {};
  for (const [key, value] of Object.entries(draft)) {
    if (key !== 'type' && key !== 'id' && value !== undefined) out[key] = value;
  }
  return out;
}

/** Re-throws a parser's BAD_INPUT as INVALID_ITEM on the named field. */
function onField<T>(field: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof VaultError && error.code === 'BAD_INPUT') invalid(`${field}: ${error.message}`);
    throw error;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => b[i] === byte);
}

/**
 * Public key and fingerprint. The public key comes from the draft when it names one, else from the
 * OpenSSH private key when that carries one, else from the stored item.
 */
function deriveSshKey(fields: Fields, given: ReadonlySet<string>): void {
  const privateKey = typeof fields.privateKey === 'string' ? fields.privateKey : '';
  const embedded = onField('privateKey', () => sshPublicKeyOfPrivateKey(privateKey));
  const stated = typeof fields.publicKey === 'string' ? fields.publicKey : '';
  const useEmbedded = embedded !== null && (stated === '' || !given.has('publicKey'));
  if (!useEmbedded && stated === '') invalid('publicKey: required (or paste an OpenSSH private key that contains it)');
  const key = onField('publicKey', () => parseSshPublicKey(useEmbedded ? formatSshPublicKey(embedded) : stated));
  if (embedded !== null && !sameBytes(embedded, key.blob)) invalid('privateKey: does not belong to the public key');
  fields.publicKey = formatSshPublicKey(key.blob, key.comment);
  fields.fingerprint = key.fingerprint;
}

function deriveCertificate(fields: Fields): void {
  const pem = typeof fields.pem === 'string' ? fields.pem : '';
  if (pem.trim() === '') invalid('pem: required');
  const info = onField('pem', () => readCertificate(pem));
  fields.subject = (info.subjectCommonName || info.subjectOrganization).slice(0, LIMITS.name);
  fields.notBefore = info.notBefore;
  fields.expiresAt = info.notAfter;
}

/** Computes derived fields in place; `given` names the fields the draft set. */
function derive(type: ItemType, fields: Fields, given: ReadonlySet<string>): void {
  if (type === 'ssh-key') deriveSshKey(fields, given);
  if (type === 'certificate') deriveCertificate(fields);
  if (type === 'card' && !given.has('brand')) fields.brand = detectCardBrand(typeof fields.number === 'string' ? fields.number : '');
}

function validate(candidate: Fields): Item {
  const checked = itemSchema.safeParse(candidate);
  if (!checked.success) invalid(firstIssue(checked.error));
  return checked.data;
}

/** Drops the oldest history until the item fits the largest record; refuses if it still does not. */
function fitToRecord(item: Item): Item {
  let current = item;
  for (;;) {
    try {
      encodeItem(current);
      return current;
    } catch (error) {
      if (!(error instanceof VaultError) || error.code !== 'INVALID_ITEM' || current.history.length === 0) throw error;
      current = { ...current, history: current.history.slice(Math.ceil(current.history.length / 4)) };
    }
  }
}

/** A new item from an add form's draft. */
export function createItem(draft: ItemDraft, now: number, random: RandomBytes): Item {
  const parsed = parseDraft(draft);
  if (parsed.id !== undefined) invalid('id: a new item gets a fresh random id');
  const given = presentFields(parsed);
  const fields = normalizeFields(parsed.type, { ...COMMON_DEFAULTS, ...TYPE_DEFAULTS[parsed.type], ...given });
  derive(parsed.type, fields, new Set(Object.keys(given)));
  const item = validate({ ...fields, type: parsed.type, id: newItemId(random), createdAt: now, updatedAt: now, trashedAt: null, history: [] });
  return fitToRecord(item);
}

/** History entries for every secret value of `before` that `after` replaced or removed. */
function replacedSecrets(before: Item, after: Item, now: number): HistoryEntry[] {
  const record = after as Readonly<Record<string, unknown>>;
  const entries: HistoryEntry[] = [];
  for (const [field, value] of secretValuesOf(before)) {
    const custom = field.startsWith('custom:') ? after.customFields.find((f) => `custom:${f.name}` === field) : undefined;
    const current = field.startsWith('custom:') ? custom?.value : record[field];
    if (current !== value) entries.push({ field, value, changedAt: now });
  }
  return entries;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Fields)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Fields)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Fields)[k], (b as Fields)[k]));
}

/** The item after an edit form's draft is applied. */
export function applyEdit(existing: Item, draft: ItemDraft, now: number): Item {
  const parsed = parseDraft(draft);
  if (parsed.type !== existing.type) invalid(`type: an item's type cannot change (${existing.type} to ${parsed.type})`);
  if (parsed.id !== undefined && parsed.id !== existing.id) invalid('id: draft is for another item');
  const kept: Fields = { ...existing };
  for (const field of [...SYSTEM_FIELDS, 'id', 'type']) delete kept[field];
  const given = presentFields(parsed);
  const fields = normalizeFields(existing.type, { ...kept, ...given });
  derive(existing.type, fields, new Set(Object.keys(given)));
  const unchanged = { ...fields, type: existing.type, id: existing.id, createdAt: existing.createdAt, updatedAt: existing.updatedAt, trashedAt: existing.trashedAt, history: existing.history };
  const candidate = validate(unchanged);
  if (sameJson(candidate, existing)) return existing;
  const history = [...existing.history, ...replacedSecrets(existing, candidate, now)].slice(-LIMITS.history);
  return fitToRecord(validate({ ...candidate, updatedAt: Math.max(now, existing.updatedAt), history }));
}
