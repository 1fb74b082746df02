/**
 * KeePass entries to drafts, for both KDBX and KeePass 2 XML (both read by kdbxweb into the same
 * object model; the XML schema is KeePass's "KDBX XML", keepass.info/help/base/importexport.html).
 *
 * Mapping: Title → name, UserName → username, Password → password, URL and KeePassXC/Keepass2Android
 * extra URLs (`KP2A_URL`, `KP2A_URL_n`) → urls, Notes → notes, Tags → tags, the group path below
 * the root (joined with "/") → folder. TOTP from KeePassXC's `otp` (an otpauth URI), its legacy
 * `TOTP Seed` + `TOTP Settings` ("period;digits"), or KeePass 2.47+'s `TimeOtp-Secret-Base32` with
 * `TimeOtp-Period`/`-Length`/`-Algorithm`. Every other string field becomes a custom field, hidden
 * when KeePass protects it in memory. Attachment names are listed in an "Attachments" custom field
 * (their contents are not imported). Entries in the Recycle Bin, and entry history, are not imported.
 */
import type { Kdbx, KdbxEntry, KdbxEntryField, KdbxGroup } from 'kdbxweb';
import type { ItemDraft } from '../item-types';
import { EntryBuilder } from './entry-builder';
import { finishImport, type MappedEntry } from './finish';
import { entryLabel, type ImportFormat, type ImportResult, type ImportWarning } from './types';

const STANDARD = new Set(['Title', 'UserName', 'Password', 'URL', 'Notes']);
const TOTP_FIELDS = ['otp', 'TOTP Seed', 'TOTP Settings', 'TimeOtp-Secret-Base32', 'TimeOtp-Period', 'TimeOtp-Length', 'TimeOtp-Algorithm'];

interface Field {
  readonly value: string;
  readonly hidden: boolean;
}

function fieldsOf(entry: KdbxEntry): Map<string, Field> {
  const out = new Map<string, Field>();
  for (const [name, value] of entry.fields as Map<string, KdbxEntryField>) {
    out.set(name, typeof value === 'string' ? { value, hidden: false } : { value: value.getText(), hidden: true });
  }
  return out;
}

/** An otpauth URI for a seed with non-default settings, or the bare seed for 30 s / 6 digits / SHA-1. */
function totpUri(seed: string, period: string, digits: string, algorithm: string): string {
  const secret = seed.replace(/[\s=]/g, '').toUpperCase();
  const p = period.trim() || '30';
  const d = digits.trim() || '6';
  const alg = algorithm.trim().toUpperCase().replace('HMAC-', '') || 'SHA1';
  if (p === '30' && d === '6' && alg === 'SHA1') return secret;
  return `otpauth://totp/KeePass?secret=${secret}&period=${encodeURIComponent(p)}&digits=${encodeURIComponent(d)}&algorithm=${encodeURIComponent(alg)}`;
}

/** The entry's TOTP in one of the three conventions, or '' when it has none. */
function totpOf(fields: Map<string, Field>): string {
  const get = (name: string): string => fields.get(name)?.value ?? '';
  if (get('otp') !== '') return get('otp');
  if (get('TOTP Seed') !== '') {
    const [period = '', digits = ''] = get('TOTP Settings').split(';');
    return totpUri(get('TOTP Seed'), period, digits, '');
  }
  if (get('TimeOtp-Secret-Base32') !== '') {
    return totpUri(get('TimeOtp-Secret-Base32'), get('TimeOtp-Period'), get('TimeOtp-Length'), get('TimeOtp-Algorithm'));
  }
  return '';
}

function mapEntry(entry: KdbxEntry, folder: string, position: number, warnings: ImportWarning[]): MappedEntry {
  const fields = fieldsOf(entry);
  const get = (name: string): string => fields.get(name)?.value ?? '';
  const label = entryLabel(get('Title'), position);
  const b = new EntryBuilder(label, warnings);
  b.url(get('URL'));
  for (const [name, field] of fields) if (/^KP2A_URL(_\d+)?$/.test(name)) b.url(field.value);
  const totp = b.totp(totpOf(fields));
  for (const [name, field] of fields) {
    if (STANDARD.has(name) || TOTP_FIELDS.includes(name) || /^KP2A_URL(_\d+)?$/.test(name)) continue;
    b.field(name, field.value, field.hidden);
  }
  const attachments = [...entry.binaries.keys()];
  if (attachments.length > 0) {
    b.field('Attachments', attachments.join('\n'), false);
    b.warn(`attachment contents are not imported (${attachments.join(', ')})`);
  }
  const draft: ItemDraft = { type: 'login', username: get('UserName'), password: get('Password'), urls: b.urls() };
  if (totp !== undefined) draft.totp = totp;
  draft.name = b.name(get('Title'), b.firstHost(), get('UserName'));
  draft.notes = get('Notes');
  draft.tags = b.tags(entry.tags);
  draft.customFields = b.customFields;
  const folderName = b.folder(folder);
  if (folderName !== undefined) draft.folder = folderName;
  return { label, draft };
}

interface Walk {
  readonly entries: MappedEntry[];
  readonly folders: string[];
  readonly warnings: ImportWarning[];
  readonly recycleBin: string | undefined;
  recycled: number;
}

function walk(group: KdbxGroup, path: string, state: Walk): void {
  for (const entry of group.entries) state.entries.push(mapEntry(entry, path, state.entries.length + 1, state.warnings));
  for (const child of group.groups) {
    const childPath = path === '' ? (child.name ?? '').trim() : `${path}/${(child.name ?? '').trim()}`;
    if (state.recycleBin !== undefined && child.uuid.id === state.recycleBin) {
      state.recycled += [...child.allEntries()].length;
      continue;
    }
    state.folders.push(childPath);
    walk(child, childPath, state);
  }
}

/** Every entry of an opened database, as the result of the given format. */
export function mapKeePassDatabase(db: Kdbx, format: ImportFormat): ImportResult {
  const recycleBin = db.meta.recycleBinEnabled === false ? undefined : db.meta.recycleBinUuid?.id;
  const state: Walk = { entries: [], folders: [], warnings: [], recycleBin, recycled: 0 };
  walk(db.getDefaultGroup(), '', state);
  if (state.recycled > 0) {
    state.warnings.push({ entry: 'Recycle Bin', message: `${state.recycled} ${state.recycled === 1 ? 'entry' : 'entries'} in the Recycle Bin not imported` });
  }
  return finishImport(format, state.entries, state.folders, state.warnings);
}
