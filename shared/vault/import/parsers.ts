/**
 * The one table from import format to its reader, and `importFile`, which detects the format
 * (`detect-format.ts`) and reads the file (docs/import-export.md lists what each reader maps).
 *
 * Refuses with IMPORT_FORMAT a file whose format cannot be told (with the reason); every reader's
 * own refusals pass through unchanged.
 */
import { parseBitwardenCsv } from './bitwarden-csv';
import { parseBitwardenJson } from './bitwarden-json';
import { parseChromeCsv, parseFirefoxCsv } from './browser-csv';
import { detectFormat } from './detect-format';
import { parseKdbx, parseKeePassXml } from './keepass';
import { parseLastPassCsv } from './lastpass-csv';
import { parse1pux } from './onepassword-1pux';
import { parseProtonPassCsv, parseProtonPassJson } from './protonpass';
import { importError, type ImportFormat, type ImportOptions, type ImportParser, type ImportResult } from './types';

export const IMPORT_PARSERS: Readonly<Record<ImportFormat, ImportParser>> = {
  'bitwarden-json': parseBitwardenJson,
  'bitwarden-csv': parseBitwardenCsv,
  '1password-1pux': parse1pux,
  'keepass-kdbx': parseKdbx,
  'keepass-xml': parseKeePassXml,
  'chrome-csv': parseChromeCsv,
  'firefox-csv': parseFirefoxCsv,
  'lastpass-csv': parseLastPassCsv,
  'protonpass-json': parseProtonPassJson,
  'protonpass-csv': parseProtonPassCsv,
};

/** What the import page shows in its format list. */
export const IMPORT_FORMAT_NAMES: Readonly<Record<ImportFormat, string>> = {
  'bitwarden-json': 'Bitwarden (.json, plain or password-protected)',
  'bitwarden-csv': 'Bitwarden (.csv)',
  '1password-1pux': '1Password (.1pux)',
  'keepass-kdbx': 'KeePass / KeePassXC database (.kdbx)',
  'keepass-xml': 'KeePass 2 XML (.xml)',
  'chrome-csv': 'Chrome or Edge passwords (.csv)',
  'firefox-csv': 'Firefox logins (.csv)',
  'lastpass-csv': 'LastPass (.csv)',
  'protonpass-json': 'Proton Pass (.json or .zip, unencrypted)',
  'protonpass-csv': 'Proton Pass (.csv)',
};

/** Reads a file in the given format, or in the detected one when `format` is omitted. */
export async function importFile(fileName: string, bytes: Uint8Array, options: ImportOptions, format?: ImportFormat): Promise<ImportResult> {
  const chosen = format ?? detectFormat(fileName, bytes);
  if (typeof chosen === 'string') return IMPORT_PARSERS[chosen](bytes, options);
  if (chosen.format === null) importError(chosen.reason);
  return IMPORT_PARSERS[chosen.format](bytes, options);
}
