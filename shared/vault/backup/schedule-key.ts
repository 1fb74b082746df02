/**
 * The key scheduled backups are sealed with, kept on this device between backups (docs/backups.md):
 * the backup password's Argon2id KEK (backup-file.ts `deriveBackupKey`), derived once when the
 * person sets the schedule, stored sealed under a key derived from the vault's bundle key, so that
 * a backup can be made on a timer while the vault is unlocked and never while it is locked.
 *
 *   wrapping key = HKDF-SHA256(bundle key, salt = "", info = "backup-schedule-key/v1", 32)
 *   sealed       = XChaCha20-Poly1305 seal(wrapping key, KEK, AD = CBOR {kind: "backup-schedule-key",
 *                    v: 1, personalCollection, kdf})
 * Refuses: a sealed key of another vault, bundle key or KDF (DECRYPT_FAILED).
 */
import { open, seal } from '../../crypto/aead';
import { encodeVersioned } from '../../crypto/cbor-versioned';
import { hkdfSha256 } from '../../crypto/hkdf';
import { wipe } from '../../crypto/wipe';
import type { BackupKdf, BackupKey } from './backup-file';

const INFO = new TextEncoder().encode('backup-schedule-key/v1');
const AD_SCHEMA = {
  kind: 'backup-schedule-key',
  version: 1,
  fields: { personalCollection: 'text', kdf: { map: { alg: 'text', version: 'uint', m: 'uint', t: 'uint', p: 'uint', salt: 'bytes' } } },
} as const;

function withWrappingKey<T>(bundleKey: Uint8Array, use: (key: Uint8Array) => T): T {
  const key = hkdfSha256(bundleKey, new Uint8Array(0), INFO, 32);
  try {
    return use(key);
  } finally {
    wipe(key);
  }
}

export function sealScheduleKey(bundleKey: Uint8Array, personalCollection: string, key: BackupKey): Uint8Array {
  return withWrappingKey(bundleKey, (k) => seal(k, key.kek, encodeVersioned(AD_SCHEMA, { personalCollection, kdf: key.kdf })));
}

export function openScheduleKey(bundleKey: Uint8Array, personalCollection: string, kdf: BackupKdf, sealed: Uint8Array): BackupKey {
  return { kdf, kek: withWrappingKey(bundleKey, (k) => open(k, sealed, encodeVersioned(AD_SCHEMA, { personalCollection, kdf }))) };
}
