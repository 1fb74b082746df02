/**
 * 1Password 1PUX item fields (support.1password.com/1pux-format): `details.sections[].fields[]`,
 * each {title, id, value: {<kind>: …}}, read into flat text with the kind and whether 1Password
 * conceals it.
 *
 * Kinds: string, concealed (hidden), email ({email_address} or text), phone, url, menu, gender,
 * creditCardType, creditCardNumber (hidden), totp (hidden), date (epoch seconds → YYYY-MM-DD),
 * monthYear (YYYYMM → YYYY-MM), address ({street, city, state, zip, country}), sshKey ({privateKey,
 * metadata.publicKey}, hidden), file ({fileName}: an attachment, only the name is kept). A
 * `reference` to another item and unknown kinds whose value is not text are skipped. A value of the
 * wrong JSON type is an IMPORT_FORMAT error naming the entry.
 */
import { asObject, child, isObject, objects, text, type JsonObject } from './json-fields';
import { importError } from './types';

export interface OpField {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  readonly value: string;
  readonly hidden: boolean;
  /** The structured value, for kinds an item type reads field by field (address, sshKey). */
  readonly structured: JsonObject | null;
}

const HIDDEN_KINDS = new Set(['concealed', 'creditCardNumber', 'totp', 'sshKey']);

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function dateText(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
}

export function addressText(address: JsonObject, where: string): string {
  const get = (key: string): string => text(address, key, where).trim();
  const cityLine = [get('city'), [get('state'), get('zip')].filter((v) => v !== '').join(' ')].filter((v) => v !== '').join(', ');
  return [get('street'), cityLine, get('country')].filter((v) => v !== '').join('\n');
}

/** Text of one value object ({kind: value}) and the structured part, if any. */
function readValue(kind: string, raw: unknown, where: string): { value: string; structured: JsonObject | null } {
  if (raw === null || raw === undefined) return { value: '', structured: null };
  if (kind === 'date' || kind === 'monthYear') {
    if (typeof raw !== 'number') importError(`${where}: a ${kind} field must hold a number`);
    return { value: kind === 'date' ? dateText(raw) : `${Math.floor(raw / 100)}-${pad2(raw % 100)}`, structured: null };
  }
  if (kind === 'email' && isObject(raw)) return { value: text(raw, 'email_address', where), structured: null };
  if (kind === 'address') {
    const address = asObject(raw, `${where}: address`);
    return { value: addressText(address, where), structured: address };
  }
  if (kind === 'sshKey') {
    const key = asObject(raw, `${where}: sshKey`);
    return { value: text(key, 'privateKey', where), structured: key };
  }
  if (kind === 'file') return { value: text(asObject(raw, `${where}: file`), 'fileName', where), structured: null };
  if (typeof raw === 'string') return { value: raw, structured: null };
  if (typeof raw === 'number' || typeof raw === 'boolean') return { value: String(raw), structured: null };
  return { value: '', structured: null };
}

/** Every section field of an item, in order. */
export function sectionFields(details: JsonObject, where: string): OpField[] {
  const out: OpField[] = [];
  for (const section of objects(details, 'sections', where)) {
    for (const field of objects(section, 'fields', where)) {
      const valueObject = child(field, 'value', where) ?? {};
      const kind = Object.keys(valueObject)[0] ?? 'string';
      if (kind === 'reference') continue;
      const { value, structured } = readValue(kind, valueObject[kind], where);
      const id = text(field, 'id', where);
      out.push({ id, title: text(field, 'title', where) || id, kind, value, hidden: HIDDEN_KINDS.has(kind), structured });
    }
  }
  return out;
}

/** Section fields that an item type reads by id; the rest stay for custom fields. */
export class OpFields {
  private readonly used = new Set<OpField>();

  constructor(readonly all: readonly OpField[]) {}

  /** The value of the first non-empty field among `ids`, marking the fields with those ids used. */
  take(...ids: string[]): string {
    let found = '';
    for (const field of this.all) {
      if (!ids.includes(field.id)) continue;
      this.used.add(field);
      if (found === '' && field.value !== '') found = field.value;
    }
    return found;
  }

  /** The first field with `id`, marked used. */
  takeField(id: string): OpField | undefined {
    const field = this.all.find((f) => f.id === id);
    if (field !== undefined) this.used.add(field);
    return field;
  }

  /** Fields of `kind`, marked used. */
  takeKind(kind: string): OpField[] {
    const fields = this.all.filter((f) => f.kind === kind);
    for (const field of fields) this.used.add(field);
    return fields;
  }

  /** The fields no type mapping took. */
  rest(): OpField[] {
    return this.all.filter((f) => !this.used.has(f));
  }
}

/** A number field (a port) as an integer, or undefined. */
export function integerValue(value: string): number | undefined {
  return /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

/** A 1PUX date field (epoch seconds in the source) as epoch milliseconds. */
export function dateFieldMs(field: OpField | undefined): number | undefined {
  if (field === undefined || field.kind !== 'date' || field.value === '') return undefined;
  const ms = Date.parse(`${field.value}T00:00:00Z`);
  return Number.isNaN(ms) || ms < 0 ? undefined : ms;
}
