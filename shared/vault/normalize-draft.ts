/**
 * Normalising what a person typed into the stored form of an item's fields, before validation:
 * surrounding spaces trimmed from labels (never from passwords, keys or notes), '' and null turned
 * into "absent" for optional fields, tags de-duplicated, login URLs given a scheme and serialised
 * (`login-url.ts`), TOTP seeds canonicalised (`totp.ts`), card numbers reduced to digits.
 *
 * Refuses nothing itself: it only reshapes values of the expected JS type and leaves anything else
 * for `itemSchema` to reject with a field name.
 */
import { normalizeCardNumber } from './card';
import type { ItemType } from './item-types';
import { normalizeLoginUrl } from './login-url';
import { normalizeTotp } from './totp';

type Fields = Record<string, unknown>;

/** Text fields stored trimmed. Secrets, usernames, notes and key material are kept exactly. */
const TRIMMED = new Set([
  'name', 'folder', 'owner', 'service', 'cardholder', 'cvv', 'title', 'firstName', 'lastName', 'email', 'phone',
  'city', 'postcode', 'country', 'company', 'engine', 'host', 'database', 'publicKey',
]);

/** Optional fields: a draft's '' or null removes them. */
const OPTIONAL = new Set(['folder', 'totp', 'expiresAt', 'rotateAt', 'expMonth', 'expYear', 'port']);

function trimList(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const out: unknown[] = [];
  for (const entry of value) {
    const item = typeof entry === 'string' ? entry.trim() : entry;
    if (item !== '' && !out.includes(item)) out.push(item);
  }
  return out;
}

function normalizeUrls(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value
    .filter((entry: { url?: unknown }) => typeof entry?.url !== 'string' || entry.url.trim() !== '')
    .map((entry: { url?: unknown; match?: unknown }) => ({
      url: typeof entry.url === 'string' ? normalizeLoginUrl(entry.url) : entry.url,
      match: entry.match ?? 'origin',
    }));
}

function normalizeCustomFields(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((field: { name?: unknown }) => ({ ...field, name: typeof field.name === 'string' ? field.name.trim() : field.name }));
}

/** One field's stored form, or undefined to drop it. */
function normalizeField(type: ItemType, key: string, value: unknown): unknown {
  if (OPTIONAL.has(key) && (value === '' || value === null)) return undefined;
  if (type === 'certificate' && key === 'privateKey' && typeof value === 'string' && value.trim() === '') return undefined;
  if (typeof value === 'string') {
    if (OPTIONAL.has(key) && value.trim() === '') return undefined;
    if (key === 'totp') return normalizeTotp(value);
    if (key === 'number' && type === 'card') return normalizeCardNumber(value);
    if (TRIMMED.has(key)) return value.trim();
    return value;
  }
  if (key === 'tags') return trimList(value);
  if (key === 'addressLines') return Array.isArray(value) ? value.map((line) => (typeof line === 'string' ? line.trim() : line)).filter((line) => line !== '') : value;
  if (key === 'urls') return normalizeUrls(value);
  if (key === 'customFields') return normalizeCustomFields(value);
  return value;
}

/** The stored form of every field; absent optional fields are left out. */
export function normalizeFields(type: ItemType, fields: Fields): Fields {
  const out: Fields = {};
  for (const [key, value] of Object.entries(fields)) {
    const normalized = normalizeField(type, key, value);
    if (normalized !== undefined) out[key] = normalized;
  }
  return out;
}
