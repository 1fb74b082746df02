import { describe, expect, it } from 'vitest';
import { VaultError } from '../../protocol/errors';
import { open } from '../../crypto/aead';
import { deriveKek } from '../../crypto/argon2id';
import { decodeCanonical, encodeCanonical, type CborValue } from '../../crypto/cbor';
import { decodeVersioned, encodeVersioned } from '../../crypto/cbor-versioned';
import { hkdfSha256 } from '../../crypto/hkdf';
import { applyEdit, createItem } from '../edit-item';
import { ITEM_TYPES, type Item } from '../item-types';
import { trashItem } from '../trash';
import { countingRandom, DRAFTS } from '../test-fixtures';
import { EXPORT_AD_SCHEMA, EXPORT_FILE_SCHEMA, exportEncrypted, importEncrypted } from './encrypted-export';

const FAST = { m: 19456, t: 2, p: 1 } as const;
const PASSWORD = 'export-Password-for-tests-42';
const NOW = 1_700_000_000_000;

/** One item of every type, plus history, trash, favourites, tags, folders and custom fields. */
function sampleItems(): Item[] {
  const random = countingRandom(3);
  const items = ITEM_TYPES.map((type) => createItem({ ...DRAFTS[type], folder: 'Work/Infra', tags: ['a', 'b'], favourite: true }, NOW, random));
  const login = items[0]!;
  const edited = applyEdit(login, { type: 'login', password: 'new-password-123', customFields: [{ name: 'PIN', value: '0000', hidden: true }] }, NOW + 1000);
  const trashed = trashItem(createItem({ type: 'note', name: 'Gone', notes: 'ünïcødé 🚗\nline 2' }, NOW, random), NOW + 2000);
  return [edited, ...items.slice(1), trashed];
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VaultError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a VaultError');
}

function fileFields(bytes: Uint8Array): { kdf: { alg: string; version: number; m: number; t: number; p: number; salt: Uint8Array }; check: Uint8Array; box: Uint8Array } {
  return decodeVersioned(EXPORT_FILE_SCHEMA, bytes);
}

describe('encrypted export', () => {
  it('round-trips every item type exactly: ids, dates, history, trash state, custom fields', async () => {
    const items = sampleItems();
    expect(items[0]!.history).toHaveLength(1);
    expect(items.at(-1)!.trashedAt).toBe(NOW + 2000);
    const bytes = await exportEncrypted(items, PASSWORD, FAST);
    expect(await importEncrypted(bytes, PASSWORD)).toEqual(items);
    expect(await importEncrypted(bytes, PASSWORD)).toStrictEqual(JSON.parse(JSON.stringify(items)));
  });

  it('uses Argon2id 64 MiB, t=3, p=4 and a fresh 16-byte salt by default', async () => {
    const [first, second] = [await exportEncrypted([], PASSWORD), await exportEncrypted([], PASSWORD)];
    const kdf = fileFields(first).kdf;
    expect({ ...kdf, salt: kdf.salt.length }).toEqual({ alg: 'argon2id', version: 19, m: 65536, t: 3, p: 4, salt: 16 });
    expect(fileFields(second).kdf.salt).not.toEqual(kdf.salt);
    expect(await importEncrypted(first, PASSWORD)).toEqual([]);
  });

  it('is laid out as docs/formats.md "Encrypted vault export" says: check and key from HKDF over the KEK, AD binding the KDF', async () => {
    const items = sampleItems();
    const bytes = await exportEncrypted(items, PASSWORD, FAST);
    const { kdf, check, box } = fileFields(bytes);
    const kek = await deriveKek(PASSWORD, kdf);
    const info = (s: string): Uint8Array => new TextEncoder().encode(s);
    expect(check).toEqual(hkdfSha256(kek, new Uint8Array(0), info('vault-export/v1 check'), 32));
    const key = hkdfSha256(kek, new Uint8Array(0), info('vault-export/v1 key'), 32);
    const plaintext = open(key, box, encodeVersioned(EXPORT_AD_SCHEMA, { kdf }));
    expect(decodeCanonical(plaintext)).toEqual({ kind: 'vault-export-items', v: 1, items: JSON.parse(JSON.stringify(items)) as CborValue });
    expect(() => open(key, box, encodeVersioned(EXPORT_AD_SCHEMA, { kdf: { ...kdf, t: kdf.t + 1 } }))).toThrow(VaultError);
    expect(bytes.subarray(0, 4)).toEqual(new Uint8Array([0xa5, 0x61, 0x76, 0x01]));
  });

  it('refuses a wrong password with WRONG_PASSWORD', async () => {
    const bytes = await exportEncrypted(sampleItems(), PASSWORD, FAST);
    expect(await failure(importEncrypted(bytes, 'not-the-password'))).toEqual({ code: 'WRONG_PASSWORD', message: 'wrong export password' });
  });

  it('tells a file modified after export apart from a wrong password', async () => {
    const bytes = await exportEncrypted(sampleItems(), PASSWORD, FAST);
    const fields = fileFields(bytes);
    const box = fields.box.slice();
    box[100] = (box[100] ?? 0) ^ 1;
    const tampered = encodeVersioned(EXPORT_FILE_SCHEMA, { ...fields, box });
    expect(await failure(importEncrypted(tampered, PASSWORD))).toEqual({
      code: 'DECRYPT_FAILED', message: 'the export was modified or damaged after it was made (authentication failed)',
    });
  });

  it('refuses weakened KDF parameters before deriving, on import and on export', async () => {
    const bytes = await exportEncrypted([], PASSWORD, FAST);
    const fields = fileFields(bytes);
    const weak = encodeVersioned(EXPORT_FILE_SCHEMA, { ...fields, kdf: { ...fields.kdf, m: 8192 } });
    expect((await failure(importEncrypted(weak, PASSWORD))).code).toBe('KDF_TOO_WEAK');
    expect((await failure(exportEncrypted([], PASSWORD, { m: 19456, t: 1, p: 1 }))).code).toBe('KDF_TOO_WEAK');
    const otherSalt = encodeVersioned(EXPORT_FILE_SCHEMA, { ...fields, kdf: { ...fields.kdf, salt: new Uint8Array(16) } });
    expect((await failure(importEncrypted(otherSalt, PASSWORD))).code).toBe('WRONG_PASSWORD');
  });

  it('refuses an unknown version with UNKNOWN_VERSION', async () => {
    const fields = fileFields(await exportEncrypted([], PASSWORD, FAST));
    const v2 = encodeCanonical({ kind: 'vault-export', v: 2, kdf: fields.kdf, check: fields.check, box: fields.box });
    expect(await failure(importEncrypted(v2, PASSWORD))).toEqual({ code: 'UNKNOWN_VERSION', message: 'vault-export version 2 is not 1' });
  });

  it('refuses truncated files and files that are not exports with BAD_ENCODING', async () => {
    const bytes = await exportEncrypted(sampleItems(), PASSWORD, FAST);
    for (const broken of [bytes.subarray(0, bytes.length - 1), bytes.subarray(0, 10), new TextEncoder().encode('{"items": []}'), new Uint8Array(0)]) {
      const error = await failure(importEncrypted(broken, PASSWORD));
      expect(error.code).toBe('BAD_ENCODING');
      expect(error.message).toMatch(/^not an encrypted vault export, or a damaged or truncated one/);
    }
  });

  it('refuses an item that does not validate, on export', async () => {
    const bad = { ...sampleItems()[0]!, name: '' } as Item;
    expect((await failure(exportEncrypted([bad], PASSWORD, FAST))).code).toBe('BAD_INPUT');
  });
});
