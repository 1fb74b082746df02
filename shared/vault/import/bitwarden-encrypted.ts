/**
 * Opening a Bitwarden password-protected JSON export (bitwarden.com/help/encrypted-export; the
 * format is Bitwarden's own, as its clients write it and KeePassXC's importer reads it):
 *
 *   { encrypted: true, passwordProtected: true, salt: text, kdfType: 0 | 1, kdfIterations,
 *     kdfMemory (MiB), kdfParallelism, encKeyValidation_DO_NOT_EDIT: EncString, data: EncString }
 *
 * - key, kdfType 0: PBKDF2-HMAC-SHA256(UTF-8 password, UTF-8 bytes of the salt text, iterations, 32)
 *   (RFC 8018 §5.2); kdfType 1: Argon2id (RFC 9106) with salt = SHA-256(UTF-8 salt text),
 *   t = kdfIterations, m = kdfMemory MiB, p = kdfParallelism, 32 bytes.
 * - stretched keys: encKey = HKDF-Expand-SHA256(key, "enc", 32), macKey = HKDF-Expand(key, "mac", 32)
 *   (RFC 5869 §2.3).
 * - EncString type 2: "2." ‖ b64(iv, 16 bytes) ‖ "|" ‖ b64(ciphertext) ‖ "|" ‖ b64(mac, 32 bytes),
 *   mac = HMAC-SHA256(macKey, iv ‖ ciphertext), ciphertext = AES-256-CBC with PKCS#7 padding.
 *
 * The MAC is checked (in constant time) before anything is decrypted. Refuses: no password or a
 * wrong one (WRONG_PASSWORD: the validation string's MAC fails); with IMPORT_FORMAT an unknown KDF,
 * parameters outside what Bitwarden allows (PBKDF2 above 10,000,000 iterations, Argon2id outside
 * 16..1024 MiB, 1..10 passes, 1..16 lanes — a file cannot make us work for hours), an EncString that
 * is not type 2, a `data` MAC that fails after the password checked out (the file was modified),
 * and plaintext that is not UTF-8.
 */
import { cbc } from '@noble/ciphers/aes.js';
import { hmac } from '@noble/hashes/hmac.js';
import { pbkdf2Async } from '@noble/hashes/pbkdf2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { VaultError } from '../../protocol/errors';
import { argon2idUnchecked } from '../../crypto/argon2id';
import { equalBytes } from '../../crypto/constant-time';
import { hkdfExpand } from '../../crypto/hkdf';
import { wipe } from '../../crypto/wipe';
import { base64Decode } from '../base64';
import { optNumber, text, type JsonObject } from './json-fields';
import { importError } from './types';

const WHAT = 'Bitwarden encrypted JSON';
const utf8 = (value: string): Uint8Array => new TextEncoder().encode(value);

export const BITWARDEN_KDF_LIMITS = {
  pbkdf2Iterations: { min: 1, max: 10_000_000 },
  argon2MemoryMiB: { min: 16, max: 1024 },
  argon2Iterations: { min: 1, max: 10 },
  argon2Parallelism: { min: 1, max: 16 },
} as const;

interface EncString {
  readonly iv: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly mac: Uint8Array;
}

interface StretchedKey {
  readonly encKey: Uint8Array;
  readonly macKey: Uint8Array;
}

function inRange(value: number | undefined, limits: { min: number; max: number }, name: string): number {
  if (value === undefined || !Number.isSafeInteger(value) || value < limits.min || value > limits.max) {
    importError(`${WHAT}: ${name} must be an integer in ${limits.min}..${limits.max} (found ${String(value)})`);
  }
  return value;
}

function parseEncString(value: string, member: string): EncString {
  const match = /^2\.([^|]*)\|([^|]*)\|([^|]*)$/.exec(value);
  if (match === null) importError(`${WHAT}: "${member}" is not a type-2 EncString ("2.iv|data|mac")`);
  try {
    const [iv, ciphertext, mac] = [match[1] ?? '', match[2] ?? '', match[3] ?? ''].map(base64Decode) as [Uint8Array, Uint8Array, Uint8Array];
    if (iv.length !== 16 || mac.length !== 32 || ciphertext.length === 0 || ciphertext.length % 16 !== 0) throw new Error('lengths');
    return { iv, ciphertext, mac };
  } catch {
    importError(`${WHAT}: "${member}" is damaged (bad base64 or lengths; is the file truncated?)`);
  }
}

/** The 32-byte master key from the export password, per the file's KDF. */
async function masterKey(root: JsonObject, password: string): Promise<Uint8Array> {
  const salt = text(root, 'salt', WHAT);
  if (salt === '') importError(`${WHAT}: "salt" is missing`);
  const kdfType = optNumber(root, 'kdfType', WHAT);
  const iterations = optNumber(root, 'kdfIterations', WHAT);
  if (kdfType === 0) {
    const c = inRange(iterations, BITWARDEN_KDF_LIMITS.pbkdf2Iterations, 'kdfIterations');
    return pbkdf2Async(sha256, utf8(password), utf8(salt), { c, dkLen: 32 });
  }
  if (kdfType === 1) {
    const t = inRange(iterations, BITWARDEN_KDF_LIMITS.argon2Iterations, 'kdfIterations');
    const mib = inRange(optNumber(root, 'kdfMemory', WHAT), BITWARDEN_KDF_LIMITS.argon2MemoryMiB, 'kdfMemory');
    const p = inRange(optNumber(root, 'kdfParallelism', WHAT), BITWARDEN_KDF_LIMITS.argon2Parallelism, 'kdfParallelism');
    return argon2idUnchecked(utf8(password), sha256(utf8(salt)), { m: mib * 1024, t, p, length: 32 });
  }
  importError(`${WHAT}: unknown kdfType ${String(kdfType)} (expected 0 for PBKDF2-SHA256 or 1 for Argon2id)`);
}

function stretch(key: Uint8Array): StretchedKey {
  return { encKey: hkdfExpand(key, utf8('enc'), 32), macKey: hkdfExpand(key, utf8('mac'), 32) };
}

function macMatches(keys: StretchedKey, enc: EncString): boolean {
  const iv = enc.iv;
  const body = new Uint8Array(iv.length + enc.ciphertext.length);
  body.set(iv);
  body.set(enc.ciphertext, iv.length);
  return equalBytes(hmac(sha256, keys.macKey, body), enc.mac);
}

function decryptText(keys: StretchedKey, enc: EncString, member: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(cbc(keys.encKey, enc.iv).decrypt(enc.ciphertext));
  } catch {
    importError(`${WHAT}: "${member}" does not decrypt to UTF-8 text`);
  }
}

/** The plaintext JSON of a password-protected Bitwarden export. */
export async function decryptBitwardenExport(root: JsonObject, password: string | undefined): Promise<string> {
  if (password === undefined || password === '') {
    throw new VaultError('WRONG_PASSWORD', `${WHAT}: this export is password-protected; enter the password chosen when exporting`);
  }
  const validation = parseEncString(text(root, 'encKeyValidation_DO_NOT_EDIT', WHAT), 'encKeyValidation_DO_NOT_EDIT');
  const data = parseEncString(text(root, 'data', WHAT), 'data');
  const key = await masterKey(root, password);
  const keys = stretch(key);
  try {
    if (!macMatches(keys, validation)) throw new VaultError('WRONG_PASSWORD', `${WHAT}: wrong password`);
    if (!macMatches(keys, data)) importError(`${WHAT}: the password is right but "data" fails its MAC: the file was modified or damaged`);
    return decryptText(keys, data, 'data');
  } finally {
    wipe(key, keys.encKey, keys.macKey);
  }
}
