/**
 * Building one entry's draft from another manager's fields, keeping what our item schema would
 * refuse instead of losing it (docs/items.md for the rules; docs/import-export.md for the mapping).
 *
 * Values our types cannot hold as such are kept as custom fields and reported as warnings: a URL
 * that is not http(s) (`androidapp://…`, `chrome://…`), a TOTP value that is not an
 * `otpauth://totp` URI or a base32 secret of at least 80 bits (kept hidden), an email that is not
 * an address, an expiry outside 1..12 / 1970..2199, a security code that is not 3 or 4 digits.
 * Labels (names, folders, tags, custom-field names) are trimmed and shortened to the schema's
 * limits, with a warning when shortened. Secrets, notes and values are never changed or cut: an
 * oversized one makes the import fail naming the entry (`finish.ts`).
 */
import { LIMITS, type CustomField, type LoginUrl } from '../item-types';
import { loginUrlHost, loginUrlProblem, normalizeLoginUrl } from '../login-url';
import { normalizeTotp, totpProblem } from '../totp';
import type { ImportWarning } from './types';

export type UrlMatch = LoginUrl['match'];

export class EntryBuilder {
  readonly customFields: CustomField[] = [];
  private readonly urlList: { url: string; match?: UrlMatch }[] = [];

  constructor(
    /** How messages name this entry (`entryLabel`). */
    readonly label: string,
    private readonly warnings: ImportWarning[],
  ) {}

  warn(message: string): void {
    this.warnings.push({ entry: this.label, message });
  }

  /** A label trimmed and shortened to `max` UTF-16 units, as the schema counts, never splitting a character (warning when shortened). */
  shorten(value: string, max: number, what: string): string {
    const trimmed = value.trim();
    if (trimmed.length <= max) return trimmed;
    this.warn(`${what} shortened to ${max} characters`);
    const code = trimmed.charCodeAt(max - 1);
    const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
    return trimmed.slice(0, end).trim();
  }

  /** The item's name: the source's, else the first non-empty fallback, else "Untitled". */
  name(raw: string, ...fallbacks: string[]): string {
    const chosen = [raw, ...fallbacks].map((v) => v.trim()).find((v) => v !== '') ?? 'Untitled';
    return this.shorten(chosen, LIMITS.name, 'name');
  }

  /** A folder path, or undefined for none. */
  folder(raw: string): string | undefined {
    const value = this.shorten(raw, LIMITS.name, 'folder');
    return value === '' ? undefined : value;
  }

  /** Tags trimmed, shortened, de-duplicated, at most `LIMITS.tags`. */
  tags(raw: readonly string[]): string[] {
    const out: string[] = [];
    for (const tag of raw) {
      const value = this.shorten(tag, LIMITS.tag, 'tag');
      if (value !== '' && !out.includes(value)) out.push(value);
    }
    if (out.length > LIMITS.tags) this.warn(`only the first ${LIMITS.tags} of ${out.length} tags kept`);
    return out.slice(0, LIMITS.tags);
  }

  /** Adds a custom field; empty values are skipped. */
  field(name: string, value: string, hidden: boolean): void {
    if (value === '') return;
    const fieldName = this.shorten(name, LIMITS.name, 'custom field name') || 'Field';
    this.customFields.push({ name: fieldName, value, hidden });
  }

  /** Adds login URLs; one that is not http(s) becomes a custom field. */
  url(raw: string, match?: UrlMatch): void {
    const trimmed = raw.trim();
    if (trimmed === '') return;
    const normalized = normalizeLoginUrl(trimmed);
    const problem = loginUrlProblem(normalized);
    if (problem !== null) {
      this.warn(`URL "${trimmed.slice(0, 80)}" ${problem}; kept as a custom field`);
      this.field('URL', trimmed, false);
    } else if (this.urlList.some((u) => u.url === normalized)) {
      return;
    } else if (this.urlList.length >= LIMITS.urls) {
      this.warn(`more than ${LIMITS.urls} URLs; the rest kept as custom fields`);
      this.field('URL', trimmed, false);
    } else {
      this.urlList.push(match === undefined ? { url: normalized } : { url: normalized, match });
    }
  }

  urls(): { url: string; match?: UrlMatch }[] {
    return this.urlList;
  }

  /** The host of the first URL, a fallback name for entries without one. */
  firstHost(): string {
    const first = this.urlList[0];
    return first === undefined ? '' : (loginUrlHost(first.url) ?? '');
  }

  /** A TOTP value for a login, or undefined when it is kept as a hidden custom field instead. */
  totp(raw: string, fieldName = 'TOTP'): string | undefined {
    const trimmed = raw.trim();
    if (trimmed === '') return undefined;
    const problem = totpProblem(normalizeTotp(trimmed));
    if (problem === null) return trimmed;
    this.warn(`TOTP ${problem}; kept as a hidden custom field "${fieldName}"`);
    this.field(fieldName, trimmed, true);
    return undefined;
  }

  /** An email for an identity, or '' when it is kept as a custom field instead. */
  email(raw: string): string {
    const trimmed = raw.trim();
    if (trimmed === '' || (/^[^\s@]+@[^\s@]+$/.test(trimmed) && trimmed.length <= LIMITS.name)) return trimmed;
    this.warn('email is not an address; kept as a custom field');
    this.field('Email', trimmed, false);
    return '';
  }

  /** A month 1..12, or undefined (a value outside the range is kept as a custom field). */
  month(raw: string, fieldName: string): number | undefined {
    return this.integerIn(raw, 1, 12, fieldName);
  }

  /** A card expiry year (two digits mean 20xx), or undefined (out of range: custom field). */
  year(raw: string, fieldName: string): number | undefined {
    const trimmed = raw.trim();
    const full = /^\d{2}$/.test(trimmed) ? `20${trimmed}` : trimmed;
    return this.integerIn(full, 1970, 2199, fieldName, raw);
  }

  /** A card security code of 3 or 4 digits, or '' when kept as a hidden custom field. */
  cvv(raw: string, fieldName = 'Security code'): string {
    const trimmed = raw.trim();
    if (trimmed === '' || /^\d{3,4}$/.test(trimmed)) return trimmed;
    this.warn('security code is not 3 or 4 digits; kept as a hidden custom field');
    this.field(fieldName, trimmed, true);
    return '';
  }

  private integerIn(raw: string, min: number, max: number, fieldName: string, original = raw): number | undefined {
    const trimmed = raw.trim();
    if (trimmed === '') return undefined;
    const value = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
    if (Number.isSafeInteger(value) && value >= min && value <= max) return value;
    this.warn(`${fieldName.toLowerCase()} "${original.trim()}" is not in ${min}..${max}; kept as a custom field`);
    this.field(fieldName, original.trim(), false);
    return undefined;
  }
}
