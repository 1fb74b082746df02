/**
 * The field catalog: for every item type, which fields a person sees and edits, in order, with their
 * labels, input kinds and whether the value is a secret (masked until revealed, fetched only on
 * demand). The item view and the add/edit form are both drawn from it; the vault's own schema
 * (shared/vault/item-types.ts, behind shared/protocol) stays the authority on what is valid.
 */
import type { Item, ItemType } from '../../shared/protocol/messages';

export type FieldKind =
  | 'text'
  | 'email'
  | 'tel'
  | 'multiline'
  | 'secret'
  | 'secret-multiline'
  | 'number'
  | 'date'
  | 'lines'
  | 'totp'
  | 'urls';

export interface FieldSpec {
  /** The property of the item and of its draft. */
  key: string;
  label: string;
  /** The noun in "Copy …" and "Reveal …" names. */
  noun: string;
  kind: FieldKind;
  /** Computed by the vault (fingerprint, certificate dates): shown, never edited. */
  derived?: boolean;
  required?: boolean;
  /** A "Generate" button opens the password generator beside the field. */
  generate?: boolean;
  min?: number;
  max?: number;
  mono?: boolean;
}

export const ITEM_TYPE_LABELS: Readonly<Record<ItemType, string>> = {
  login: 'Login',
  note: 'Secure note',
  card: 'Payment card',
  identity: 'Identity',
  'api-key': 'API key',
  token: 'Token',
  'ssh-key': 'SSH key',
  certificate: 'Certificate',
  database: 'Database credential',
};

export const ITEM_TYPE_ORDER = Object.keys(ITEM_TYPE_LABELS) as ItemType[];

const f = (key: string, label: string, kind: FieldKind, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  key,
  label,
  noun: label.replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase()),
  kind,
  ...extra,
});

const owner = f('owner', 'Owner', 'text');
const expiry = f('expiresAt', 'Expiry date', 'date');
const rotation = f('rotateAt', 'Rotation date', 'date');
const service = f('service', 'Service', 'text');

export const FIELDS: Readonly<Record<ItemType, readonly FieldSpec[]>> = {
  login: [
    f('username', 'Username', 'text'),
    f('password', 'Password', 'secret', { generate: true, mono: true }),
    f('urls', 'Website', 'urls'),
    f('totp', 'One-time code (TOTP) secret', 'totp', { noun: 'TOTP secret', mono: true }),
  ],
  note: [],
  card: [
    f('cardholder', 'Cardholder name', 'text'),
    f('number', 'Card number', 'secret', { required: true, mono: true }),
    f('expMonth', 'Expiry month', 'number', { min: 1, max: 12 }),
    f('expYear', 'Expiry year', 'number', { min: 1970, max: 2199 }),
    f('cvv', 'Security code', 'secret', { mono: true }),
    f('brand', 'Brand', 'text', { derived: true }),
  ],
  identity: [
    f('title', 'Title', 'text'),
    f('firstName', 'First name', 'text'),
    f('lastName', 'Last name', 'text'),
    f('email', 'Email', 'email'),
    f('phone', 'Phone', 'tel'),
    f('company', 'Company', 'text'),
    f('addressLines', 'Address', 'lines'),
    f('city', 'City', 'text'),
    f('postcode', 'Postcode', 'text'),
    f('country', 'Country', 'text'),
  ],
  'api-key': [f('key', 'API key', 'secret', { noun: 'API key', required: true, mono: true }), service, owner, expiry, rotation],
  token: [f('token', 'Token', 'secret', { required: true, mono: true }), service, owner, expiry, rotation],
  'ssh-key': [
    f('privateKey', 'Private key', 'secret-multiline', { mono: true }),
    f('publicKey', 'Public key', 'multiline', { mono: true }),
    f('fingerprint', 'Fingerprint', 'text', { derived: true, mono: true }),
    owner,
    expiry,
    rotation,
  ],
  certificate: [
    f('pem', 'Certificate (PEM)', 'multiline', { noun: 'certificate', required: true, mono: true }),
    f('privateKey', 'Private key', 'secret-multiline', { mono: true }),
    f('subject', 'Subject', 'text', { derived: true }),
    f('notBefore', 'Valid from', 'date', { derived: true }),
    f('expiresAt', 'Expires', 'date', { derived: true }),
    owner,
    rotation,
  ],
  database: [
    f('engine', 'Engine', 'text'),
    f('host', 'Host', 'text'),
    f('port', 'Port', 'number', { min: 1, max: 65535 }),
    f('database', 'Database name', 'text'),
    f('username', 'Username', 'text'),
    f('password', 'Password', 'secret', { generate: true, mono: true }),
    owner,
    expiry,
    rotation,
  ],
};

export function isSecretKind(kind: FieldKind): boolean {
  return kind === 'secret' || kind === 'secret-multiline' || kind === 'totp';
}

/** The key a hidden custom field's value goes by in history and in reveal state. */
export function customFieldKey(name: string): string {
  return `custom:${name}`;
}

/** The words for a history entry's field ("password", "custom:PIN"). */
export function fieldLabel(type: ItemType, key: string): string {
  if (key.startsWith('custom:')) return key.slice('custom:'.length);
  return FIELDS[type].find((spec) => spec.key === key)?.label ?? key;
}

/** A field's raw value on an item, whatever its kind. */
export function fieldValue(item: Item, key: string): unknown {
  return (item as unknown as Readonly<Record<string, unknown>>)[key];
}

/** The value of a secret (a catalog field or a hidden custom field) on a full item; '' when absent. */
export function secretValue(item: Item, key: string): string {
  if (key.startsWith('custom:')) {
    const name = key.slice('custom:'.length);
    return item.customFields.find((c) => c.name === name)?.value ?? '';
  }
  const value = fieldValue(item, key);
  return typeof value === 'string' ? value : '';
}
