/**
 * The import contract: what every reader of another password manager's export returns, and how it
 * fails (issue 9; docs/import-export.md describes each format and its field mapping).
 *
 * A reader turns a whole file into `ItemDraft`s, the same drafts the add form sends, so everything
 * an import brings in goes through `createItem` and its validation. Imports are all or nothing: a
 * malformed, truncated or wrong-password file throws a `VaultError` naming the problem and, where
 * possible, the line or entry; nothing partial is ever returned.
 *
 * Codes: IMPORT_FORMAT (the file is not what it claims to be, or breaks a rule of its format),
 * WRONG_PASSWORD (a protected export whose password or key file does not open it), KDF_TOO_WEAK /
 * BAD_INPUT are never used for other managers' files: their parameters are theirs, only absurd ones
 * (a denial of service) are refused, as IMPORT_FORMAT.
 */
import { VaultError } from '../../protocol/errors';
import type { ItemDraft } from '../item-types';

export const IMPORT_FORMATS = [
  'bitwarden-json',
  'bitwarden-csv',
  '1password-1pux',
  'keepass-kdbx',
  'keepass-xml',
  'chrome-csv',
  'firefox-csv',
  'lastpass-csv',
  'protonpass-json',
  'protonpass-csv',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Something the import kept in another form or left out, for the preview to show. */
export interface ImportWarning {
  /** The entry's name in the source (quoted), or its position when it has none. */
  readonly entry: string;
  readonly message: string;
}

export interface ImportResult {
  readonly format: ImportFormat;
  /** One draft per imported entry, in the source's order; each passes `itemDraftSchema` and `createItem`. */
  readonly drafts: ItemDraft[];
  /** Every folder the source names (also empty ones), in the order first seen. */
  readonly folders: string[];
  readonly warnings: ImportWarning[];
}

export interface ImportOptions {
  /** Password of a protected export (Bitwarden password-protected JSON, KeePass KDBX). */
  readonly password?: string;
  /** KeePass key file (XML v1/v2, 32 raw bytes, 64 hex characters or any file, hashed). */
  readonly keyFile?: Uint8Array;
}

/** A file as read from disk: bytes, or text already decoded. */
export type ImportInput = Uint8Array | string;

export type ImportParser = (input: ImportInput, options: ImportOptions) => Promise<ImportResult>;

/** Throws IMPORT_FORMAT with `message`; messages name the line or entry where there is one. */
export function importError(message: string): never {
  throw new VaultError('IMPORT_FORMAT', message);
}

/** How an entry is named in messages ("entry 'GitHub'", "entry #3"): its quoted name, else its position from 1. */
export function entryLabel(name: string, position: number): string {
  const trimmed = name.trim();
  return trimmed === '' ? `#${position}` : `'${trimmed.length > 60 ? `${trimmed.slice(0, 57)}...` : trimmed}'`;
}
