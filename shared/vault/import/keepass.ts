/**
 * KeePass databases: KDBX 3.1 (AES-KDF, AES-256 or ChaCha20), KDBX 4.0/4.1 (Argon2d/Argon2id or
 * AES-KDF) and unencrypted KeePass 2 XML exports, opened by kdbxweb (`kdbx-engine.ts`); the
 * entries are mapped by `keepass-entries.ts`. Format: keepass.info/help/kb/kdbx_4.html and
 * keepass.info/help/kb/kdbx_4.1.html; composite key = password and/or key file
 * (keepass.info/help/base/keys.html: XML key file v1/v2, 32 raw bytes, 64 hex digits, or any other
 * file hashed with SHA-256).
 *
 * Refuses: no password and no key file, or ones that do not open the database (WRONG_PASSWORD);
 * with IMPORT_FORMAT a file cut short (told by its header and payload lengths, before deriving), a
 * file that is not KDBX (bad signature), an unsupported KDBX version, a corrupt file, XML that is
 * not a KeePass export.
 */
import type { Kdbx, KdbxCredentials } from 'kdbxweb';
import { VaultError } from '../../protocol/errors';
import { inputBytes, inputText } from './input';
import { kdbx } from './kdbx-engine';
import { mapKeePassDatabase } from './keepass-entries';
import { importError, type ImportInput, type ImportOptions, type ImportResult } from './types';

/** KDBX files start with these two signature words (little-endian 0x9AA2D903, 0xB54BFB67). */
export const KDBX_SIGNATURE = [0x03, 0xd9, 0xa2, 0x9a, 0x67, 0xfb, 0x4b, 0xb5] as const;

function credentials(options: ImportOptions): KdbxCredentials {
  const engine = kdbx();
  if (options.password === undefined && options.keyFile === undefined) {
    throw new VaultError('WRONG_PASSWORD', 'KeePass KDBX: this database is locked; enter its password (and key file, if it has one)');
  }
  const password = options.password === undefined ? null : engine.ProtectedValue.fromString(options.password);
  return new engine.KdbxCredentials(password, options.keyFile ?? null);
}

/**
 * True when a KDBX file cannot be whole, checked before any key derivation. The header is TLV
 * fields (1-byte id; length 2 bytes little-endian in KDBX 3, 4 bytes in KDBX 4; id 0 ends it). In
 * KDBX 3 the AES-CBC payload after it must be a non-empty whole number of 16-byte blocks (kdbxweb
 * would report a cut payload as a wrong key, since CBC padding fails either way); KDBX 4 follows
 * the header with its SHA-256 and HMAC (64 bytes) and at least one HMAC block (32 + 4 bytes).
 */
export function kdbxTruncated(bytes: Uint8Array): boolean {
  const major = bytes[10] ?? 0;
  const lengthBytes = major >= 4 ? 4 : 2;
  let at = 12;
  for (;;) {
    if (at + 1 + lengthBytes > bytes.length) return true;
    const id = bytes[at] ?? 0;
    let length = 0;
    for (let i = lengthBytes; i >= 1; i--) length = length * 256 + (bytes[at + i] ?? 0);
    at += 1 + lengthBytes + length;
    if (id === 0) break;
  }
  const payload = bytes.length - at;
  return major >= 4 ? payload < 64 + 36 : payload <= 0 || payload % 16 !== 0;
}

/** A kdbxweb failure as our error. */
function translate(error: unknown, what: string): never {
  if (error instanceof VaultError) throw error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const detail = error instanceof Error ? error.message.replace(/^Error \w+: /, '') : '';
  if (code === 'InvalidKey') throw new VaultError('WRONG_PASSWORD', `${what}: wrong password or key file`);
  if (code === 'BadSignature') importError(`${what}: not a KeePass database (bad signature)`);
  if (code === 'InvalidVersion') importError(`${what}: unsupported KDBX version`);
  if (code === 'Unsupported') importError(`${what}: unsupported: ${detail}`);
  if (code === 'FileCorrupt') importError(`${what}: the file is corrupt or truncated (${detail})`);
  importError(`${what}: the file is corrupt or truncated${detail === '' ? '' : ` (${detail})`}`);
}

export async function parseKdbx(input: ImportInput, options: ImportOptions): Promise<ImportResult> {
  const what = 'KeePass KDBX';
  const bytes = inputBytes(input);
  if (bytes.length < 12 || !KDBX_SIGNATURE.every((byte, i) => bytes[i] === byte)) importError(`${what}: not a KeePass database (bad signature)`);
  if (kdbxTruncated(bytes)) importError(`${what}: the file is truncated`);
  const creds = credentials(options);
  const buffer = bytes.slice().buffer;
  let db: Kdbx;
  try {
    db = await kdbx().Kdbx.load(buffer, creds);
  } catch (error) {
    translate(error, what);
  }
  return mapKeePassDatabase(db, 'keepass-kdbx');
}

export async function parseKeePassXml(input: ImportInput, _options: ImportOptions): Promise<ImportResult> {
  const what = 'KeePass XML';
  const text = inputText(input, what);
  if (!/<KeePassFile[\s>]/.test(text.slice(0, 4096))) importError(`${what}: not a KeePass XML export (no <KeePassFile> element)`);
  const engine = kdbx();
  let db: Kdbx;
  try {
    db = await engine.Kdbx.loadXml(text, new engine.KdbxCredentials(null));
  } catch (error) {
    translate(error, what);
  }
  return mapKeePassDatabase(db, 'keepass-xml');
}
