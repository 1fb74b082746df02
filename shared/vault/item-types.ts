/**
 * Item types: the schemas (zod, `.strict()`) and TypeScript types of everything a vault holds, as a
 * union discriminated on `type` (DESIGN.md §1 and §9; docs/items.md describes every field).
 *
 * Two shapes per type:
 * - `Item`, the stored form. `itemSchema` validates it exactly as stored (trimmed text, canonical
 *   card digits, http(s) URLs, parseable TOTP seeds) and transforms nothing, so decoding never
 *   rewrites an item.
 * - `ItemDraft`, what an add or edit form sends: no dates or history, no derived fields
 *   (fingerprint, certificate dates, subject), every field optional, `id` only when editing. Only
 *   shapes are checked here; `edit-item.ts` normalises, derives and validates the result.
 *
 * Refuses unknown fields everywhere (`.strict()`): an item from a newer format fails to decode
 * rather than losing data on the next save.
 */
import { z } from 'zod';
import { CARD_BRANDS, isValidCardNumber } from './card';
import { ITEM_ID_PATTERN } from './item-id';
import { loginUrlProblem, URL_MATCH_MODES } from './login-url';
import { totpProblem } from './totp';

export const ITEM_TYPES = ['login', 'note', 'card', 'identity', 'api-key', 'token', 'ssh-key', 'certificate', 'database'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** Types that carry owner, expiry and rotation date (DESIGN.md §9). */
export const MACHINE_SECRET_TYPES = ['api-key', 'token', 'ssh-key', 'certificate', 'database'] as const;
export type MachineSecretType = (typeof MACHINE_SECRET_TYPES)[number];

export const LIMITS = {
  name: 200,
  shortText: 1_000,
  tag: 100,
  tags: 50,
  notes: 100_000,
  secret: 10_000,
  keyMaterial: 65_536,
  customFields: 100,
  customValue: 10_000,
  urls: 50,
  addressLines: 4,
  history: 50,
} as const;

// ---- field rules -------------------------------------------------------------------------------

const epochMs = z.number().int().min(0).max(8.64e15);
const trimmed = (min: number, max: number) =>
  z.string().min(min).max(max).refine((s) => s === s.trim(), 'must not start or end with spaces');
const text = (max: number) => z.string().max(max);
const fromProblem = (problem: (value: string) => string | null) =>
  z.string().superRefine((value, ctx) => {
    const message = problem(value);
    if (message !== null) ctx.addIssue({ code: 'custom', message });
  });

const customFieldSchema = z.object({ name: trimmed(1, LIMITS.name), value: text(LIMITS.customValue), hidden: z.boolean() }).strict();
const historyEntrySchema = z
  .object({ field: z.string().min(1).max(LIMITS.name + 10), value: text(LIMITS.keyMaterial), changedAt: epochMs })
  .strict();
const loginUrlSchema = z.object({ url: fromProblem(loginUrlProblem), match: z.enum(URL_MATCH_MODES) }).strict();

export type CustomField = z.infer<typeof customFieldSchema>;
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
export type LoginUrl = z.infer<typeof loginUrlSchema>;

const commonShape = {
  id: z.string().regex(ITEM_ID_PATTERN, 'must be 22 base64url characters (128 bits)'),
  name: trimmed(1, LIMITS.name),
  folder: trimmed(1, LIMITS.name).optional(),
  tags: z.array(trimmed(1, LIMITS.tag)).max(LIMITS.tags),
  favourite: z.boolean(),
  notes: text(LIMITS.notes),
  customFields: z.array(customFieldSchema).max(LIMITS.customFields),
  createdAt: epochMs,
  updatedAt: epochMs,
  trashedAt: epochMs.nullable(),
  history: z.array(historyEntrySchema).max(LIMITS.history),
};

const machineShape = { owner: trimmed(0, LIMITS.name), expiresAt: epochMs.optional(), rotateAt: epochMs.optional() };

// ---- stored items -------------------------------------------------------------------------------

const loginSchema = z
  .object({
    type: z.literal('login'),
    ...commonShape,
    username: text(LIMITS.shortText),
    password: text(LIMITS.secret),
    urls: z.array(loginUrlSchema).max(LIMITS.urls),
    totp: fromProblem(totpProblem).optional(),
  })
  .strict();

const noteSchema = z.object({ type: z.literal('note'), ...commonShape }).strict();

const cardSchema = z
  .object({
    type: z.literal('card'),
    ...commonShape,
    cardholder: trimmed(0, LIMITS.name),
    number: z.string().refine(isValidCardNumber, 'must be 12..19 digits passing the Luhn check'),
    expMonth: z.number().int().min(1).max(12).optional(),
    expYear: z.number().int().min(1970).max(2199).optional(),
    cvv: z.string().regex(/^(\d{3,4})?$/, 'must be 3 or 4 digits'),
    brand: z.enum(CARD_BRANDS),
  })
  .strict();

const identitySchema = z
  .object({
    type: z.literal('identity'),
    ...commonShape,
    title: trimmed(0, LIMITS.name),
    firstName: trimmed(0, LIMITS.name),
    lastName: trimmed(0, LIMITS.name),
    email: z.string().max(LIMITS.name).regex(/^$|^[^\s@]+@[^\s@]+$/, 'must be an email address'),
    phone: trimmed(0, LIMITS.name),
    addressLines: z.array(trimmed(0, LIMITS.name)).max(LIMITS.addressLines),
    city: trimmed(0, LIMITS.name),
    postcode: trimmed(0, LIMITS.name),
    country: trimmed(0, LIMITS.name),
    company: trimmed(0, LIMITS.name),
  })
  .strict();

const apiKeySchema = z
  .object({ type: z.literal('api-key'), ...commonShape, ...machineShape, key: text(LIMITS.secret).min(1), service: trimmed(0, LIMITS.name) })
  .strict();

const tokenSchema = z
  .object({ type: z.literal('token'), ...commonShape, ...machineShape, token: text(LIMITS.secret).min(1), service: trimmed(0, LIMITS.name) })
  .strict();

const sshKeySchema = z
  .object({
    type: z.literal('ssh-key'),
    ...commonShape,
    ...machineShape,
    privateKey: text(LIMITS.keyMaterial),
    publicKey: trimmed(1, LIMITS.keyMaterial),
    fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'must be an OpenSSH SHA256 fingerprint'),
  })
  .strict();

const certificateSchema = z
  .object({
    type: z.literal('certificate'),
    ...commonShape,
    ...machineShape,
    pem: text(LIMITS.keyMaterial).min(1),
    privateKey: text(LIMITS.keyMaterial).min(1).optional(),
    subject: text(LIMITS.name),
    notBefore: epochMs,
    expiresAt: epochMs,
  })
  .strict();

const databaseSchema = z
  .object({
    type: z.literal('database'),
    ...commonShape,
    ...machineShape,
    engine: trimmed(0, LIMITS.name),
    host: trimmed(0, LIMITS.shortText),
    port: z.number().int().min(1).max(65535).optional(),
    database: trimmed(0, LIMITS.shortText),
    username: text(LIMITS.shortText),
    password: text(LIMITS.secret),
  })
  .strict();

export const itemSchema = z.discriminatedUnion('type', [
  loginSchema,
  noteSchema,
  cardSchema,
  identitySchema,
  apiKeySchema,
  tokenSchema,
  sshKeySchema,
  certificateSchema,
  databaseSchema,
]);

export type Item = z.infer<typeof itemSchema>;
export type ItemOf<T extends ItemType> = Extract<Item, { type: T }>;
export type LoginItem = ItemOf<'login'>;
export type CardItem = ItemOf<'card'>;
export type MachineSecretItem = ItemOf<MachineSecretType>;

/** Fields every item has that no form sets: kept by the vault, never by a draft. */
export const SYSTEM_FIELDS = ['createdAt', 'updatedAt', 'trashedAt', 'history'] as const;

/** Fields computed from other fields (`edit-item.ts`), per type. */
export const DERIVED_FIELDS: Readonly<Record<ItemType, readonly string[]>> = {
  login: [],
  note: [],
  card: [],
  identity: [],
  'api-key': [],
  token: [],
  'ssh-key': ['fingerprint'],
  certificate: ['subject', 'notBefore', 'expiresAt'],
  database: [],
};

export function isMachineSecret(item: Item): item is MachineSecretItem {
  return (MACHINE_SECRET_TYPES as readonly string[]).includes(item.type);
}

// ---- drafts (add and edit forms) ----------------------------------------------------------------

/** In a draft, '' clears an optional text field and null clears an optional number. */
const clearableText = (max: number) => text(max).optional();
const clearableNumber = z.number().nullable().optional();

const draftCommon = {
  id: z.string().optional(),
  name: text(LIMITS.name * 2).optional(),
  folder: clearableText(LIMITS.name * 2),
  tags: z.array(text(LIMITS.tag * 2)).max(LIMITS.tags * 2).optional(),
  favourite: z.boolean().optional(),
  notes: text(LIMITS.notes).optional(),
  customFields: z.array(z.object({ name: text(LIMITS.name * 2), value: text(LIMITS.customValue), hidden: z.boolean() }).strict()).optional(),
};
const draftMachine = { owner: text(LIMITS.name * 2).optional(), expiresAt: clearableNumber, rotateAt: clearableNumber };
const draftUrl = z.object({ url: text(LIMITS.shortText * 3), match: z.enum(URL_MATCH_MODES).optional() }).strict();
const opt = (max: number) => text(max).optional();

export const itemDraftSchema = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('login'), ...draftCommon, username: opt(LIMITS.shortText), password: opt(LIMITS.secret), urls: z.array(draftUrl).optional(), totp: opt(LIMITS.shortText) })
    .strict(),
  z.object({ type: z.literal('note'), ...draftCommon }).strict(),
  z
    .object({
      type: z.literal('card'),
      ...draftCommon,
      cardholder: opt(LIMITS.name * 2),
      number: opt(LIMITS.name),
      expMonth: clearableNumber,
      expYear: clearableNumber,
      cvv: opt(LIMITS.name),
      brand: z.enum(CARD_BRANDS).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('identity'),
      ...draftCommon,
      title: opt(LIMITS.name * 2),
      firstName: opt(LIMITS.name * 2),
      lastName: opt(LIMITS.name * 2),
      email: opt(LIMITS.name * 2),
      phone: opt(LIMITS.name * 2),
      addressLines: z.array(text(LIMITS.name * 2)).max(LIMITS.addressLines * 2).optional(),
      city: opt(LIMITS.name * 2),
      postcode: opt(LIMITS.name * 2),
      country: opt(LIMITS.name * 2),
      company: opt(LIMITS.name * 2),
    })
    .strict(),
  z.object({ type: z.literal('api-key'), ...draftCommon, ...draftMachine, key: opt(LIMITS.secret), service: opt(LIMITS.name * 2) }).strict(),
  z.object({ type: z.literal('token'), ...draftCommon, ...draftMachine, token: opt(LIMITS.secret), service: opt(LIMITS.name * 2) }).strict(),
  z.object({ type: z.literal('ssh-key'), ...draftCommon, ...draftMachine, privateKey: opt(LIMITS.keyMaterial), publicKey: opt(LIMITS.keyMaterial) }).strict(),
  z
    .object({ type: z.literal('certificate'), ...draftCommon, owner: draftMachine.owner, rotateAt: clearableNumber, pem: opt(LIMITS.keyMaterial), privateKey: opt(LIMITS.keyMaterial) })
    .strict(),
  z
    .object({
      type: z.literal('database'),
      ...draftCommon,
      ...draftMachine,
      engine: opt(LIMITS.name * 2),
      host: opt(LIMITS.shortText),
      port: clearableNumber,
      database: opt(LIMITS.shortText),
      username: opt(LIMITS.shortText),
      password: opt(LIMITS.secret),
    })
    .strict(),
]);

export type ItemDraft = z.infer<typeof itemDraftSchema>;

// ---- secrets ------------------------------------------------------------------------------------

export const SECRET_FIELDS = ['password', 'totp', 'number', 'cvv', 'key', 'token', 'privateKey'] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];

const SECRETS_BY_TYPE: Readonly<Record<ItemType, readonly SecretField[]>> = {
  login: ['password', 'totp'],
  note: [],
  card: ['number', 'cvv'],
  identity: [],
  'api-key': ['key'],
  token: ['token'],
  'ssh-key': ['privateKey'],
  certificate: ['privateKey'],
  database: ['password'],
};

/**
 * The fields of a type whose values are secrets: shown only on demand, kept in history when they
 * change, and never in a summary. Hidden custom fields are secrets too (`secretValuesOf`).
 */
export function secretFieldsOf(type: ItemType): readonly SecretField[] {
  return SECRETS_BY_TYPE[type];
}

/** History and reveal key of a hidden custom field. */
export function customFieldKey(name: string): string {
  return `custom:${name}`;
}

/** Every non-empty secret value of an item, keyed as history records them. */
export function secretValuesOf(item: Item): Map<string, string> {
  const values = new Map<string, string>();
  const record = item as Readonly<Record<string, unknown>>;
  for (const field of secretFieldsOf(item.type)) {
    const value = record[field];
    if (typeof value === 'string' && value !== '') values.set(field, value);
  }
  for (const custom of item.customFields) {
    if (custom.hidden && custom.value !== '') values.set(customFieldKey(custom.name), custom.value);
  }
  return values;
}
