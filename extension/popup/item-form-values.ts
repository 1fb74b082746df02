/**
 * What the add/edit form holds (every field as the text a person typed) and the conversions both
 * ways: from a stored item to form values, and from form values to the `ItemDraft` that
 * `items/save` takes. Normalising (trimming, URL schemes, TOTP seeds) is the vault's job; the form
 * sends what was typed, with '' and null clearing optional fields (docs/items.md).
 */
import type { Item, ItemDraft, ItemType } from '../../shared/protocol/messages';
import { fromDateInput, toDateInput } from './dates';
import { FIELDS, fieldValue, type FieldSpec } from './item-fields';

type LoginDraft = Extract<ItemDraft, { type: 'login' }>;
export type UrlMatch = NonNullable<NonNullable<LoginDraft['urls']>[number]['match']>;

export const URL_MATCH_LABELS: Readonly<Record<UrlMatch, string>> = {
  origin: 'Same site',
  domain: 'Any subdomain',
  exact: 'Exact address',
  never: 'Never fill',
};

export interface UrlRow {
  url: string;
  match: UrlMatch;
}

export interface CustomRow {
  name: string;
  value: string;
  hidden: boolean;
}

export interface FormValues {
  type: ItemType;
  name: string;
  folder: string;
  tags: string;
  favourite: boolean;
  notes: string;
  /** The catalog fields of the type (item-fields.ts), as text. */
  fields: Readonly<Record<string, string>>;
  urls: readonly UrlRow[];
  customFields: readonly CustomRow[];
}

/** The catalog fields a form edits: not derived, and not the URL list (kept in `urls`). */
export function editableFields(type: ItemType): readonly FieldSpec[] {
  return FIELDS[type].filter((spec) => spec.derived !== true && spec.kind !== 'urls');
}

const emptyUrl = (): UrlRow => ({ url: '', match: 'origin' });

export function emptyValues(type: ItemType): FormValues {
  return { type, name: '', folder: '', tags: '', favourite: false, notes: '', fields: {}, urls: [emptyUrl()], customFields: [] };
}

/** A new item's values after the type picker changed: common fields stay, typed fields start empty. */
export function withType(values: FormValues, type: ItemType): FormValues {
  return { ...values, type, fields: {}, urls: [emptyUrl()] };
}

function asText(spec: FieldSpec, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (spec.kind === 'date') return typeof value === 'number' ? toDateInput(value) : '';
  if (spec.kind === 'lines') return Array.isArray(value) ? value.join('\n') : '';
  return String(value);
}

export function valuesFromItem(item: Item): FormValues {
  const fields: Record<string, string> = {};
  for (const spec of editableFields(item.type)) fields[spec.key] = asText(spec, fieldValue(item, spec.key));
  const urls = item.type === 'login' && item.urls.length > 0 ? item.urls.map((u) => ({ url: u.url, match: u.match })) : [emptyUrl()];
  return {
    type: item.type,
    name: item.name,
    folder: item.folder ?? '',
    tags: item.tags.join(', '),
    favourite: item.favourite,
    notes: item.notes,
    fields,
    urls,
    customFields: item.customFields.map((c) => ({ ...c })),
  };
}

function asDraftValue(spec: FieldSpec, text: string): unknown {
  switch (spec.kind) {
    case 'number':
      return text.trim() === '' ? null : Number(text);
    case 'date':
      return text === '' ? null : fromDateInput(text);
    case 'lines':
      return text.split('\n').filter((line) => line.trim() !== '');
    default:
      return text;
  }
}

export function splitTags(text: string): string[] {
  return text
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

/** The draft `items/save` takes; `id` only when editing. */
export function draftFromValues(values: FormValues, id?: string): ItemDraft {
  const draft: Record<string, unknown> = {
    type: values.type,
    name: values.name,
    folder: values.folder,
    tags: splitTags(values.tags),
    favourite: values.favourite,
    notes: values.notes,
    customFields: values.customFields.filter((c) => c.name.trim() !== '' || c.value !== ''),
  };
  if (id !== undefined) draft.id = id;
  for (const spec of editableFields(values.type)) draft[spec.key] = asDraftValue(spec, values.fields[spec.key] ?? '');
  if (values.type === 'login') draft.urls = values.urls.filter((u) => u.url.trim() !== '');
  return draft as ItemDraft;
}
