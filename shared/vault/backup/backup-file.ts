/**
 * The encrypted backup file, version 1 (issue 11 "Sync is not backup"; docs/formats.md §"Encrypted
 * backup", docs/backups.md). The same construction as the encrypted export (export/
 * encrypted-export.ts, formats.md §11), plus what a backup needs in its header: when it was made,
 * which collection it holds and how many items, all authenticated as associated data.
 *
 *   KEK       = Argon2id(backup password, kdf)                      (RFC 9106; m ≥ 19 MiB, t ≥ 2)
 *   check     = HKDF-SHA256(KEK, salt = "", info = "vault-backup/v1 check", 32)   (RFC 5869)
 *   key       = HKDF-SHA256(KEK, salt = "", info = "vault-backup/v1 key", 32)
 *   AD        = CBOR { kind: "vault-backup", v: 1, createdAt, collection, count, kdf }
 *   box       = XChaCha20-Poly1305 seal(key, plaintext, AD)
 *   plaintext = CBOR { kind: "vault-backup-items", v: 1, items: [Item, ...] }
 *   file      = CBOR { kind: "vault-backup", v: 1, createdAt, collection, count, kdf, check, box }
 *
 * A scheduled backup derives the KEK once, when the schedule is set, and seals each file with it
 * (`sealBackup`); every file still needs the backup password (one Argon2id) to open.
 * Refuses on reading, in this order: bytes that are not one canonical backup map (BAD_ENCODING:
 * corrupt, truncated or not a backup), another version (UNKNOWN_VERSION), a KDF other than
 * Argon2id v1.3 (BAD_ENCODING), weak parameters before deriving (KDF_TOO_WEAK), a wrong password
 * (WRONG_PASSWORD), a box that does not open with its header (DECRYPT_FAILED: modified), items that
 * do not validate, repeat an id or disagree with the count (BAD_ENCODING).
 */
import { open, seal } from '../../crypto/aead';
import { ARGON2_VERSION, checkKdfParams, DEFAULT_KDF, deriveKek, KDF_ALG, SALT_MIN_LENGTH, type KdfParams } from '../../crypto/argon2id';
import { type CborValue, decodeCanonical, encodeCanonical } from '../../crypto/cbor';
import { decodeVersioned, encodeVersioned, type Schema } from '../../crypto/cbor-versioned';
import { equalBytes } from '../../crypto/constant-time';
import { hkdfSha256 } from '../../crypto/hkdf';
import { randomBytes } from '../../crypto/random';
import { wipe } from '../../crypto/wipe';
import { VaultError } from '../../protocol/errors';
import { itemSchema, type Item } from '../item-types';

const KDF_FIELDS = { map: { alg: 'text', version: 'uint', m: 'uint', t: 'uint', p: 'uint', salt: 'bytes' } } as const;
const HEADER_FIELDS = { createdAt: 'uint', collection: 'text', count: 'uint', kdf: KDF_FIELDS } as const;

export const BACKUP_FILE_SCHEMA = { kind: 'vault-backup', version: 1, fields: { ...HEADER_FIELDS, check: 'bytes', box: 'bytes' } } as const satisfies Schema;
export const BACKUP_AD_SCHEMA = { kind: 'vault-backup', version: 1, fields: HEADER_FIELDS } as const satisfies Schema;
const ITEMS_KIND = 'vault-backup-items';
const ITEMS_VERSION = 1;
const CHECK_INFO = new TextEncoder().encode('vault-backup/v1 check');
const KEY_INFO = new TextEncoder().encode('vault-backup/v1 key');

export type BackupKdf = { alg: string; version: number; m: number; t: number; p: number; salt: Uint8Array };

/** What a backup says about itself before the password (authenticated once it is opened). */
export interface BackupHeader {
  createdAt: number;
  /** The collection (base64url id) whose items it holds. */
  collection: string;
  count: number;
  kdf: BackupKdf;
}

export interface OpenedBackup extends Omit<BackupHeader, 'kdf'> {
  items: Item[];
}

/** A key for sealing backups: Argon2id of the backup password under fresh salt and parameters. */
export interface BackupKey {
  kdf: BackupKdf;
  kek: Uint8Array;
}

export async function deriveBackupKey(password: string, params: Partial<Pick<KdfParams, 'm' | 't' | 'p'>> = {}): Promise<BackupKey> {
  const kdf: BackupKdf = { alg: KDF_ALG, version: ARGON2_VERSION, m: params.m ?? DEFAULT_KDF.m, t: params.t ?? DEFAULT_KDF.t, p: params.p ?? DEFAULT_KDF.p, salt: randomBytes(SALT_MIN_LENGTH) };
  checkKdfParams(kdf);
  return { kdf, kek: await deriveKek(password, kdf) };
}

function derivedKeys(kek: Uint8Array): { check: Uint8Array; key: Uint8Array } {
  const empty = new Uint8Array(0);
  return { check: hkdfSha256(kek, empty, CHECK_INFO, 32), key: hkdfSha256(kek, empty, KEY_INFO, 32) };
}

function itemValue(item: Item, index: number): CborValue {
  const checked = itemSchema.safeParse(item);
  if (!checked.success) throw new VaultError('BAD_INPUT', `item ${index + 1} does not validate: ${checked.error.issues[0]?.message ?? 'invalid'}`);
  return JSON.parse(JSON.stringify(checked.data)) as CborValue;
}

/** A backup file of `items` sealed with an already derived key (no Argon2id here). */
export function sealBackup(items: readonly Item[], key: BackupKey, meta: { createdAt: number; collection: string }): Uint8Array {
  const header = { createdAt: meta.createdAt, collection: meta.collection, count: items.length, kdf: key.kdf };
  const plaintext = encodeCanonical({ kind: ITEMS_KIND, v: ITEMS_VERSION, items: items.map(itemValue) });
  const { check, key: boxKey } = derivedKeys(key.kek);
  try {
    const box = seal(boxKey, plaintext, encodeVersioned(BACKUP_AD_SCHEMA, header));
    return encodeVersioned(BACKUP_FILE_SCHEMA, { ...header, check, box });
  } finally {
    wipe(boxKey, plaintext);
  }
}

/** A backup file of `items` under `password` (one Argon2id). */
export async function writeBackup(items: readonly Item[], password: string, meta: { createdAt: number; collection: string }, params: Partial<Pick<KdfParams, 'm' | 't' | 'p'>> = {}): Promise<Uint8Array> {
  const key = await deriveBackupKey(password, params);
  try {
    return sealBackup(items, key, meta);
  } finally {
    wipe(key.kek);
  }
}

function readFile(bytes: Uint8Array) {
  try {
    return decodeVersioned(BACKUP_FILE_SCHEMA, bytes);
  } catch (error) {
    if (error instanceof VaultError && error.code === 'BAD_ENCODING') {
      throw new VaultError('BAD_ENCODING', `not a Sealed Vault backup, or a damaged or truncated one (${error.message})`);
    }
    throw error;
  }
}

/** The header alone (no password): refuses corrupt, truncated and unknown-version files early. */
export function readBackupHeader(bytes: Uint8Array): BackupHeader {
  const { createdAt, collection, count, kdf } = readFile(bytes);
  return { createdAt, collection, count, kdf };
}

function readItems(plaintext: Uint8Array, count: number): Item[] {
  const value = decodeCanonical(plaintext);
  const root = value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array) ? (value as { readonly [k: string]: CborValue }) : {};
  if (root.kind !== ITEMS_KIND || !Array.isArray(root.items) || Object.keys(root).length !== 3) throw new VaultError('BAD_ENCODING', 'backup plaintext is not an item list');
  if (root.v !== ITEMS_VERSION) throw new VaultError('UNKNOWN_VERSION', `backup item list version ${String(root.v)} is not ${ITEMS_VERSION}`);
  const entries = root.items as readonly CborValue[];
  if (entries.length !== count) throw new VaultError('BAD_ENCODING', `the backup holds ${entries.length} items, its header says ${count}`);
  const ids = new Set<string>();
  return entries.map((entry, i) => {
    const checked = itemSchema.safeParse(entry);
    if (!checked.success) throw new VaultError('BAD_ENCODING', `backed-up item ${i + 1} does not validate: ${checked.error.issues[0]?.message ?? 'invalid'}`);
    if (ids.has(checked.data.id)) throw new VaultError('BAD_ENCODING', `backed-up item ${i + 1} repeats id ${checked.data.id}`);
    ids.add(checked.data.id);
    return checked.data;
  });
}

/** Every item of a backup, exactly as backed up, with its header. */
export async function openBackup(bytes: Uint8Array, password: string): Promise<OpenedBackup> {
  const { check: fileCheck, box, ...header } = readFile(bytes);
  const { kdf } = header;
  if (kdf.alg !== KDF_ALG || kdf.version !== ARGON2_VERSION) throw new VaultError('BAD_ENCODING', `backup KDF ${kdf.alg} v${kdf.version} is not argon2id v19`);
  const kek = await deriveKek(password, kdf);
  const { check, key } = derivedKeys(kek);
  let plaintext: Uint8Array;
  try {
    if (!equalBytes(check, fileCheck)) throw new VaultError('WRONG_PASSWORD', 'wrong backup password');
    try {
      plaintext = open(key, box, encodeVersioned(BACKUP_AD_SCHEMA, header));
    } catch {
      throw new VaultError('DECRYPT_FAILED', 'the backup was modified or damaged after it was made (authentication failed)');
    }
  } finally {
    wipe(kek, key, check);
  }
  try {
    return { createdAt: header.createdAt, collection: header.collection, count: header.count, items: readItems(plaintext, header.count) };
  } finally {
    wipe(plaintext);
  }
}
