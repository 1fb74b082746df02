/**
 * Telling which manager wrote an import file, from its content first and its name second:
 *
 * - KDBX signature bytes 03 d9 a2 9a 67 fb 4b b5 → KeePass KDBX (protected);
 * - a ZIP with `export.data` → 1Password 1PUX; with `…/data.json` or `….pgp` → Proton Pass;
 * - XML with a `<KeePassFile>` element → KeePass XML;
 * - JSON with an `items` list, or Bitwarden's `encrypted` envelope → Bitwarden JSON (protected when
 *   `passwordProtected`); with a `vaults` object → Proton Pass JSON;
 * - CSV by its header: `login_uri` → Bitwarden; `grouping` + `extra` → LastPass; `httpRealm` +
 *   `formActionOrigin` → Firefox; `type,name,url,…,note,totp` → Proton Pass; `name,url,username,
 *   password` → Chrome/Edge.
 *
 * Never guesses: anything else is "cannot tell", with the reason, and the page asks the person to
 * pick the format. Reads at most the archive's file names and the text's first line or JSON root.
 */
import { unzipSync } from 'fflate';
import { csvHeader } from './csv';
import { isZip } from './input';
import { jsonErrorOffset } from './json-error-offset';
import { KDBX_SIGNATURE } from './keepass';
import type { ImportFormat } from './types';

export type Detection =
  | { readonly format: ImportFormat; readonly needsPassword: boolean }
  | { readonly format: null; readonly reason: string };

const found = (format: ImportFormat, needsPassword = false): Detection => ({ format, needsPassword });

function zipNames(bytes: Uint8Array): string[] | null {
  const names: string[] = [];
  try {
    unzipSync(bytes, {
      filter: (file) => {
        names.push(file.name);
        return false;
      },
    });
    return names;
  } catch {
    return null;
  }
}

function detectZip(bytes: Uint8Array, fileName: string): Detection {
  const names = zipNames(bytes);
  if (names === null) return { format: null, reason: `${fileName} is a damaged ZIP archive` };
  if (names.includes('export.data')) return found('1password-1pux');
  if (names.some((n) => n === 'data.json' || n.endsWith('/data.json') || n.endsWith('.pgp'))) return found('protonpass-json');
  return { format: null, reason: `${fileName} is a ZIP archive of no known export` };
}

function detectJson(text: string, fileName: string): Detection {
  if (jsonErrorOffset(text) >= 0) return { format: null, reason: `${fileName} starts like JSON but is not valid JSON` };
  const root: unknown = JSON.parse(text);
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return { format: null, reason: `${fileName} is JSON of no known export` };
  const record = root as Record<string, unknown>;
  if (record.encrypted === true && typeof record.encKeyValidation_DO_NOT_EDIT === 'string') return found('bitwarden-json', record.passwordProtected === true);
  if (Array.isArray(record.items)) return found('bitwarden-json');
  if (typeof record.vaults === 'object' && record.vaults !== null) return found('protonpass-json');
  return { format: null, reason: `${fileName} is JSON of no known export` };
}

function detectCsv(text: string, fileName: string): Detection {
  const columns = new Set(csvHeader(text) ?? []);
  const has = (...names: string[]): boolean => names.every((name) => columns.has(name));
  if (has('type', 'name', 'login_uri')) return found('bitwarden-csv');
  if (has('url', 'grouping', 'extra')) return found('lastpass-csv');
  if (has('url', 'httprealm', 'formactionorigin')) return found('firefox-csv');
  if (has('type', 'name', 'url', 'username', 'password', 'note', 'totp')) return found('protonpass-csv');
  if (has('name', 'url', 'username', 'password')) return found('chrome-csv');
  return { format: null, reason: `${fileName}: cannot tell the format from its first line` };
}

/** The format of a file, or why it cannot be told. */
export function detectFormat(fileName: string, bytes: Uint8Array): Detection {
  if (bytes.length >= KDBX_SIGNATURE.length && KDBX_SIGNATURE.every((byte, i) => bytes[i] === byte)) return found('keepass-kdbx', true);
  if (isZip(bytes)) return detectZip(bytes, fileName);
  if (/\.kdbx$/i.test(fileName)) return { format: null, reason: `${fileName} is named like a KeePass database but is not one` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, '');
  } catch {
    return { format: null, reason: `${fileName} is neither text nor an archive of a known export` };
  }
  const start = text.trimStart();
  if (start.startsWith('<')) {
    return /<KeePassFile[\s>]/.test(start.slice(0, 4096)) ? found('keepass-xml') : { format: null, reason: `${fileName} is XML of no known export` };
  }
  if (start.startsWith('{')) return detectJson(text, fileName);
  return detectCsv(text, fileName);
}
