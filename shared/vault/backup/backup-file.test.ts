import { describe, expect, it } from 'vitest';
import { encodeCanonical, decodeCanonical, type CborValue } from '../../crypto/cbor';
import { decodeVersioned } from '../../crypto/cbor-versioned';
import { applyEdit, createItem } from '../edit-item';
import { ITEM_TYPES, type Item } from '../item-types';
import { trashItem } from '../trash';
import { countingRandom, DRAFTS } from '../test-fixtures';
import { BACKUP_FILE_SCHEMA, deriveBackupKey, openBackup, readBackupHeader, sealBackup, writeBackup } from './backup-file';

const FAST = { m: 19456, t: 2, p: 1 } as const;
const PASSWORD = 'backup-Password-for-tests-42';
const NOW = 1_700_000_000_000;
const META = { createdAt: NOW + 5000, collection: 'AAAAAAAAAAAAAAAAAAAAAA' };

function sampleItems(): Item[] {
  const random = countingRandom(5);
  const items = ITEM_TYPES.map((type) => createItem({ ...DRAFTS[type], tags: ['x'] }, NOW, random));
  const edited = applyEdit(items[0]!, { type: 'login', password: 'changed-password-9' }, NOW + 1000);
  return [edited, ...items.slice(1), trashItem(createItem({ type: 'note', name: 'Gone', notes: 'ünïcødé' }, NOW, random), NOW + 2000)];
}

/** Re-encodes a file's CBOR map with one member changed. */
function withMember(bytes: Uint8Array, name: string, value: CborValue): Uint8Array {
  const map = decodeCanonical(bytes) as { [k: string]: CborValue };
  return encodeCanonical({ ...map, [name]: value });
}

describe('encrypted backup file, version 1', () => {
  it('round-trips every item type exactly, with its creation time, collection and count', async () => {
    const items = sampleItems();
    const bytes = await writeBackup(items, PASSWORD, META, FAST);
    expect(readBackupHeader(bytes)).toMatchObject({ createdAt: META.createdAt, collection: META.collection, count: items.length, kdf: { alg: 'argon2id', version: 19, ...FAST } });
    const opened = await openBackup(bytes, PASSWORD);
    expect(opened).toEqual({ createdAt: META.createdAt, collection: META.collection, count: items.length, items });
  });

  it('seals scheduled backups with a key derived once; each file still opens with the password only', async () => {
    const key = await deriveBackupKey(PASSWORD, FAST);
    const a = sealBackup([], key, META);
    const b = sealBackup(sampleItems(), key, { ...META, createdAt: META.createdAt + 1 });
    expect((await openBackup(a, PASSWORD)).items).toEqual([]);
    expect((await openBackup(b, PASSWORD)).count).toBe(sampleItems().length);
  });

  it('uses Argon2id 64 MiB, t=3, p=4 by default', async () => {
    const key = await deriveBackupKey(PASSWORD);
    expect({ ...key.kdf, salt: key.kdf.salt.length }).toEqual({ alg: 'argon2id', version: 19, m: 65536, t: 3, p: 4, salt: 16 });
  });

  it('tells a wrong password (WRONG_PASSWORD) from a modified file (DECRYPT_FAILED)', async () => {
    const bytes = await writeBackup(sampleItems(), PASSWORD, META, FAST);
    await expect(openBackup(bytes, 'not the backup password')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    const box = decodeVersioned(BACKUP_FILE_SCHEMA, bytes).box;
    const flipped = box.slice();
    flipped[40] = (flipped[40] ?? 0) ^ 1;
    await expect(openBackup(withMember(bytes, 'box', flipped), PASSWORD)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });

  it('refuses a changed header (time, collection or count) as modified, since the header is associated data', async () => {
    const bytes = await writeBackup(sampleItems(), PASSWORD, META, FAST);
    await expect(openBackup(withMember(bytes, 'createdAt', META.createdAt - 86_400_000), PASSWORD)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    await expect(openBackup(withMember(bytes, 'collection', 'BBBBBBBBBBBBBBBBBBBBBB'), PASSWORD)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    await expect(openBackup(withMember(bytes, 'count', 1), PASSWORD)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });

  it('refuses a truncated or corrupt file, or another file, before asking Argon2id anything (BAD_ENCODING)', async () => {
    const bytes = await writeBackup(sampleItems(), PASSWORD, META, FAST);
    for (const broken of [bytes.slice(0, bytes.length - 10), bytes.slice(0, 20), new Uint8Array(0), new TextEncoder().encode('{"items": []}'), new Uint8Array([...bytes, 0])]) {
      expect(() => readBackupHeader(broken)).toThrow(expect.objectContaining({ code: 'BAD_ENCODING' }));
      await expect(openBackup(broken, PASSWORD)).rejects.toMatchObject({ code: 'BAD_ENCODING', message: expect.stringContaining('damaged or truncated') });
    }
  });

  it('refuses an unknown version (higher or lower) with UNKNOWN_VERSION', async () => {
    const bytes = await writeBackup([], PASSWORD, META, FAST);
    for (const v of [0, 2]) {
      const other = withMember(bytes, 'v', v);
      expect(() => readBackupHeader(other)).toThrow(expect.objectContaining({ code: 'UNKNOWN_VERSION' }));
      await expect(openBackup(other, PASSWORD)).rejects.toMatchObject({ code: 'UNKNOWN_VERSION' });
    }
  });

  it('refuses weak KDF parameters before deriving (KDF_TOO_WEAK)', async () => {
    const bytes = await writeBackup([], PASSWORD, META, FAST);
    const kdf = decodeVersioned(BACKUP_FILE_SCHEMA, bytes).kdf;
    await expect(openBackup(withMember(bytes, 'kdf', { ...kdf, m: 1024 }), PASSWORD)).rejects.toMatchObject({ code: 'KDF_TOO_WEAK' });
  });
});
