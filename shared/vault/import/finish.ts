/**
 * The last step of every import: each draft must pass `itemDraftSchema` and a trial `createItem`
 * (the same validation the vault applies when the import is committed), so a preview never shows
 * an entry that would fail later and an import is all or nothing.
 *
 * An entry our type cannot hold as mapped (a card number failing the Luhn check, an SSH key that
 * does not parse, …) is kept as a note: its type-specific fields become custom fields (secrets
 * hidden) and a warning says why. An entry that still fails (a password above 10,000 characters,
 * notes above 100,000, more than 100 custom fields) makes the whole import fail with IMPORT_FORMAT
 * naming the entry and the field.
 */
import { VaultError } from '../../protocol/errors';
import { createItem } from '../edit-item';
import { itemDraftSchema, SECRET_FIELDS, type CustomField, type ItemDraft } from '../item-types';
import { importError, type ImportFormat, type ImportResult, type ImportWarning } from './types';

/** One mapped entry: how messages name it, and its draft. */
export interface MappedEntry {
  readonly label: string;
  readonly draft: ItemDraft;
}

const COMMON_FIELDS = new Set(['type', 'id', 'name', 'folder', 'tags', 'favourite', 'notes', 'customFields']);

const FIELD_LABELS: Readonly<Record<string, string>> = {
  username: 'Username', password: 'Password', totp: 'TOTP', urls: 'URL', cardholder: 'Cardholder', number: 'Card number',
  cvv: 'Security code', expMonth: 'Expiry month', expYear: 'Expiry year', brand: 'Brand', title: 'Title',
  firstName: 'First name', lastName: 'Last name', email: 'Email', phone: 'Phone', addressLines: 'Address', city: 'City',
  postcode: 'Postcode', country: 'Country', company: 'Company', key: 'Key', token: 'Token', service: 'Service',
  owner: 'Owner', expiresAt: 'Expires', rotateAt: 'Rotate at', privateKey: 'Private key', publicKey: 'Public key',
  pem: 'Certificate', engine: 'Engine', host: 'Host', port: 'Port', database: 'Database',
};

const ZERO_RANDOM = (n: number): Uint8Array => new Uint8Array(n);

function issueText(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return issue === undefined ? 'invalid' : `${issue.path.map(String).join('.') || 'entry'}: ${issue.message}`;
}

function asText(key: string, value: unknown): string {
  if (typeof value === 'number') return key === 'expiresAt' || key === 'rotateAt' ? new Date(value).toISOString() : String(value);
  if (typeof value === 'string') return value;
  return '';
}

/** The type-specific fields of a draft as custom fields (secrets hidden). */
function fieldsOf(draft: ItemDraft): CustomField[] {
  const out: CustomField[] = [];
  for (const [key, value] of Object.entries(draft)) {
    if (COMMON_FIELDS.has(key) || value === undefined || value === null) continue;
    const name = FIELD_LABELS[key] ?? key;
    const hidden = (SECRET_FIELDS as readonly string[]).includes(key);
    if (key === 'urls' && Array.isArray(value)) {
      for (const entry of value as { url: string }[]) out.push({ name, value: entry.url, hidden });
    } else if (key === 'addressLines' && Array.isArray(value)) {
      if (value.length > 0) out.push({ name, value: value.join('\n'), hidden });
    } else {
      const textValue = asText(key, value);
      if (textValue !== '') out.push({ name, value: textValue, hidden });
    }
  }
  return out;
}

/** A note that keeps every field of a draft our type could not hold. */
export function draftAsNote(draft: ItemDraft): ItemDraft {
  const note: ItemDraft = { type: 'note', name: draft.name ?? 'Untitled', customFields: [...fieldsOf(draft), ...(draft.customFields ?? [])] };
  if (draft.folder !== undefined) note.folder = draft.folder;
  if (draft.tags !== undefined) note.tags = draft.tags;
  if (draft.favourite !== undefined) note.favourite = draft.favourite;
  if (draft.notes !== undefined) note.notes = draft.notes;
  return note;
}

/** Why `createItem` refuses the draft, or null when it accepts it. */
function creationProblem(draft: ItemDraft): string | null {
  try {
    createItem(draft, 0, ZERO_RANDOM);
    return null;
  } catch (error) {
    if (error instanceof VaultError && (error.code === 'INVALID_ITEM' || error.code === 'BAD_INPUT')) return error.message;
    throw error;
  }
}

/** The draft as it will be imported: itself, or a note when its type cannot hold it. */
function checkedDraft(entry: MappedEntry, warnings: ImportWarning[]): ItemDraft {
  const shape = itemDraftSchema.safeParse(entry.draft);
  if (!shape.success) importError(`entry ${entry.label}: ${issueText(shape.error)}`);
  const problem = creationProblem(shape.data);
  if (problem === null) return shape.data;
  if (shape.data.type === 'note') importError(`entry ${entry.label}: ${problem}`);
  const note = draftAsNote(shape.data);
  const noteProblem = creationProblem(note);
  if (noteProblem !== null) importError(`entry ${entry.label}: ${problem}`);
  warnings.push({ entry: entry.label, message: `cannot be kept as a ${shape.data.type} (${problem}); imported as a note with its fields` });
  return note;
}

/** Validates every entry and assembles the result; throws on the first entry that cannot be imported. */
export function finishImport(format: ImportFormat, entries: readonly MappedEntry[], folders: readonly string[], warnings: ImportWarning[]): ImportResult {
  const drafts = entries.map((entry) => checkedDraft(entry, warnings));
  const allFolders: string[] = [];
  for (const folder of [...folders, ...drafts.map((d) => d.folder)]) {
    const trimmed = folder?.trim();
    if (trimmed !== undefined && trimmed !== '' && !allFolders.includes(trimmed)) allFolders.push(trimmed);
  }
  return { format, drafts, folders: allFolders, warnings };
}
