/**
 * Reading an import file: UTF-8 text (RFC 3629, a leading byte-order mark removed), JSON (RFC 8259)
 * with the failure's line and column, and ZIP archives (PKWARE APPNOTE 6.3) through fflate for the
 * formats that ship as one (1Password 1PUX, Proton Pass).
 *
 * Refuses with IMPORT_FORMAT: bytes that are not UTF-8, text that is not JSON (naming the line and
 * column, or saying the file ends early), archives that do not unzip, archives larger than
 * `MAX_UNZIPPED_BYTES` once inflated (a zip bomb), and an archive without the file a format needs.
 */
import { unzipSync } from 'fflate';
import { jsonErrorOffset } from './json-error-offset';
import { importError, type ImportInput } from './types';

/** Ceiling on what an archive may inflate to; real exports of large vaults are a few MiB. */
export const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;

/** The input as bytes (text is UTF-8 encoded). */
export function inputBytes(input: ImportInput): Uint8Array {
  return typeof input === 'string' ? new TextEncoder().encode(input) : input;
}

/** The input as text: strict UTF-8, without a leading byte-order mark. */
export function inputText(input: ImportInput, what: string): string {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      importError(`${what}: the file is not UTF-8 text`);
    }
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Line and column (both from 1) of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** JSON.parse with a message a person can act on: the line and column, or that the file ends early. */
export function parseJson(text: string, what: string): unknown {
  if (text.trim() === '') importError(`${what}: the file is empty`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const offset = jsonErrorOffset(text);
    const { line, column } = lineAndColumn(text, Math.max(offset, 0));
    if (offset < 0) importError(`${what}: not valid JSON`);
    if (offset >= text.length) importError(`${what}: not valid JSON: the file ends early (truncated?) at line ${line}`);
    importError(`${what}: not valid JSON at line ${line}, column ${column}`);
  }
}

/** True when the bytes start with a ZIP local file header ("PK\x03\x04"). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Every file in a ZIP archive, by path. */
export function unzip(bytes: Uint8Array, what: string): Record<string, Uint8Array> {
  if (!isZip(bytes)) importError(`${what}: the file is not a ZIP archive`);
  let total = 0;
  try {
    return unzipSync(bytes, {
      filter: (file) => {
        total += file.originalSize;
        if (total > MAX_UNZIPPED_BYTES) throw new Error('too large');
        return true;
      },
    });
  } catch (error) {
    if (error instanceof Error && error.message === 'too large') importError(`${what}: the archive inflates to more than ${MAX_UNZIPPED_BYTES / 2 ** 20} MiB`);
    importError(`${what}: the ZIP archive is damaged or truncated`);
  }
}
