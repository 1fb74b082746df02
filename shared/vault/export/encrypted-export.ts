/**
 * Our encrypted vault export, version 1 (docs/formats.md "Encrypted vault export" has it byte by
 * byte; docs/import-export.md how to use it). A whole vault (every item with its id, dates, trash
 * state and history) in one file that only the export password opens, and that round-trips exactly.
 *
 *   KEK       = Argon2id(export password, kdf)                       (argon2id.ts, RFC 9106)
 *   check     = HKDF-SHA256(KEK, salt = "", info = "vault-export/v1 check", 32)   (RFC 5869)
 *   key       = HKDF-SHA256(KEK, salt = "", info = "vault-export/v1 key", 32)
 *   AD        = CBOR { kind: "vault-export", v: 1, kdf }
 *   box       = XChaCha20-Poly1305 seal(key, plaintext, AD)         (aead.ts)
 *   plaintext = CBOR { kind: "vault-export-items", v: 1, items: [Item, ...] }
 *   file      = CBOR { kind: "vault-export", v: 1, kdf, check, box }
 * with kdf = { alg: "argon2id", version: 19, m, t, p, salt (16 random bytes) } and every CBOR
 * deterministic (RFC 8949 §4.2.1, cbor.ts). Default parameters 64 MiB, t = 3, p = 4.
 *
 * `check` tells a wrong password apart from a modified file: a wrong password fails the check, a
 * file changed after export fails the AEAD. It gives an attacker nothing the box does not: each
 * guess still costs one Argon2id.
 *
 * Refuses on export: parameters below m = 19 MiB or t = 2 (KDF_TOO_WEAK), an empty password, an
 * item that fails `itemSchema` (BAD_INPUT). On import: bytes that are not a canonical export
 * (BAD_ENCODING), another version (UNKNOWN_VERSION), a KDF other than Argon2id v1.3 (BAD_ENCODING),
 * weak parameters, checked before deriving (KDF_TOO_WEAK), a wrong password (WRONG_PASSWORD), a box
 * that does not open (DECRYPT_FAILED: modified or damaged), items that do not validate or repeat an
 * id (BAD_ENCODING).
 */
import { VaultError } from '../../protocol/errors';
import { open, seal } from '../../crypto/aead';
import { ARGON2_VERSION, checkKdfParams, DEFAULT_KDF, deriveKek, KDF_ALG, SALT_MIN_LENGTH, type KdfParams } from '../../crypto/argon2id';
import { type CborValue, decodeCanonical, encodeCanonical } from '../../crypto/cbor';
import { decodeVersioned, encodeVersioned, type Schema } from '../../crypto/cbor-versioned';
import { equalBytes } from '../../crypto/constant-time';
import { hkdfSha256 } from '../../crypto/hkdf';
import { randomBytes } from '../../crypto/random';
import { wipe } from '../../crypto/wipe';
import { itemSchema, type Item } from '../item-types';

const KDF_FIELDS = { map: { alg: 'text', version: 'uint', m: 'uint', t: 'uint', p: 'uint', salt: 'bytes' } } as const;

export const EXPORT_FILE_SCHEMA = { kind: 'vault-export', version: 1, fields: { kdf: KDF_FIELDS, check: 'bytes', box: 'bytes' } } as const satisfies Schema;
export const EXPORT_AD_SCHEMA = { kind: 'vault-export', version: 1, fields: { kdf: KDF_FIELDS } } as const satisfies Schema;
export const EXPORT_ITEMS_KIND = 'vault-export-items';
export const EXPORT_ITEMS_VERSION = 1;

const CHECK_INFO = new TextEncoder().encode('vault-export/v1 check');
const KEY_INFO = new TextEncoder().encode('vault-export/v1 key');
const CHECK_LENGTH = 32;

export type ExportKdfOptions = Partial<Pick<KdfParams, 'm' | 't' | 'p'>>;

type Kdf = { alg: string; version: number; m: number; t: number; p: number; salt: Uint8Array };

function derivedKeys(kek: Uint8Array): { check: Uint8Array; key: Uint8Array } {
  const empty = new Uint8Array(0);
  return { check: hkdfSha256(kek, empty, CHECK_INFO, CHECK_LENGTH), key: hkdfSha256(kek, empty, KEY_INFO, 32) };
}

/** An item as plain data for CBOR: absent optional fields are left out, never `undefined`. */
function itemValue(item: Item, index: number): CborValue {
  const checked = itemSchema.safeParse(item);
  if (!checked.success) throw new VaultError('BAD_INPUT', `item ${index + 1} does not validate: ${checked.error.issues[0]?.message ?? 'invalid'}`);
  return JSON.parse(JSON.stringify(checked.data)) as CborValue;
}

/** The encrypted export of `items`, sealed under `password`. */
export async function exportEncrypted(items: readonly Item[], password: string, params: ExportKdfOptions = {}): Promise<Uint8Array> {
  const kdf: Kdf = { alg: KDF_ALG, version: ARGON2_VERSION, m: params.m ?? DEFAULT_KDF.m, t: params.t ?? DEFAULT_KDF.t, p: params.p ?? DEFAULT_KDF.p, salt: randomBytes(SALT_MIN_LENGTH) };
  checkKdfParams(kdf);
  const plaintext = encodeCanonical({ kind: EXPORT_ITEMS_KIND, v: EXPORT_ITEMS_VERSION, items: items.map(itemValue) });
  const kek = await deriveKek(password, kdf);
  const { check, key } = derivedKeys(kek);
  try {
    const box = seal(key, plaintext, encodeVersioned(EXPORT_AD_SCHEMA, { kdf }));
    return encodeVersioned(EXPORT_FILE_SCHEMA, { kdf, check, box });
  } finally {
    wipe(kek, key, plaintext);
  }
}

function readFile(bytes: Uint8Array): { kdf: Kdf; check: Uint8Array; box: Uint8Array } {
  try {
    return decodeVersioned(EXPORT_FILE_SCHEMA, bytes);
  } catch (error) {
    if (error instanceof VaultError && error.code === 'BAD_ENCODING') {
      throw new VaultError('BAD_ENCODING', `not an encrypted vault export, or a damaged or truncated one (${error.message})`);
    }
    throw error;
  }
}

function readItems(plaintext: Uint8Array): Item[] {
  const value = decodeCanonical(plaintext);
  const root = value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array) ? (value as { readonly [k: string]: CborValue }) : {};
  if (root.kind !== EXPORT_ITEMS_KIND || !Array.isArray(root.items) || Object.keys(root).length !== 3) throw new VaultError('BAD_ENCODING', 'export plaintext is not an item list');
  if (root.v !== EXPORT_ITEMS_VERSION) throw new VaultError('UNKNOWN_VERSION', `export item list version ${String(root.v)} is not ${EXPORT_ITEMS_VERSION}`);
  const ids = new Set<string>();
  return (root.items as readonly CborValue[]).map((entry, i) => {
    const checked = itemSchema.safeParse(entry);
    if (!checked.success) throw new VaultError('BAD_ENCODING', `exported item ${i + 1} does not validate: ${checked.error.issues[0]?.message ?? 'invalid'}`);
    if (ids.has(checked.data.id)) throw new VaultError('BAD_ENCODING', `exported item ${i + 1} repeats id ${checked.data.id}`);
    ids.add(checked.data.id);
    return checked.data;
  });
}

/** Every item of an encrypted export, exactly as exported. */
export async function importEncrypted(bytes: Uint8Array, password: string): Promise<Item[]> {
  const file = readFile(bytes);
  const { kdf } = file;
  if (kdf.alg !== KDF_ALG || kdf.version !== ARGON2_VERSION) throw new VaultError('BAD_ENCODING', `export KDF ${kdf.alg} v${kdf.version} is not argon2id v19`);
  const kek = await deriveKek(password, kdf);
  const { check, key } = derivedKeys(kek);
  let plaintext: Uint8Array;
  try {
    if (!equalBytes(check, file.check)) throw new VaultError('WRONG_PASSWORD', 'wrong export password');
    try {
      plaintext = open(key, file.box, encodeVersioned(EXPORT_AD_SCHEMA, { kdf }));
    } catch {
      throw new VaultError('DECRYPT_FAILED', 'the export was modified or damaged after it was made (authentication failed)');
    }
  } finally {
    wipe(kek, key, check);
  }
  try {
    return readItems(plaintext);
  } finally {
    wipe(plaintext);
  }
}
