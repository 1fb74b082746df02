/**
 * The device bundle (DESIGN.md §4): the device's private keys, the person's user keys and cached
 * collection keys, as plain bytes inside one AEAD box. Private keys are never bare CryptoKey objects.
 *
 *   master password --Argon2id--> KEK --wraps--> bundle key (32 bytes) --seals--> device bundle
 *
 * Formats (docs/formats.md "Key bundle"):
 * - wrapped bundle key = aead.seal(KEK, bundleKey, AD = CBOR{kind:"bundle-key", v:1, kdf})
 * - sealed bundle      = aead.seal(bundleKey, CBOR{kind:"device-bundle-keys", v:1, ...keys},
 *                                  AD = CBOR{kind:"device-bundle", v:1, kdf})
 * where kdf = {alg:"argon2id", version:19, m, t, p, salt}, so the KDF parameters are authenticated:
 * a server that rewrites them to weaker ones makes the box fail to open.
 *
 * Refuses: keys that are not 32 bytes, a KDF descriptor that is not Argon2id v0x13 with sane
 * parameters (BAD_INPUT on wrap, BAD_ENCODING on unwrap); a box that does not open (DECRYPT_FAILED:
 * wrong password, wrong key or tampering; the vault maps it to WRONG_PASSWORD where that applies).
 */
import { VaultError } from '../protocol/errors';
import { open, seal } from './aead';
import { ARGON2_VERSION, checkKdfParams, KDF_ALG, type KdfDescriptor } from './argon2id';
import { decodeVersioned, encodeVersioned, type FieldsOf, type Schema } from './cbor-versioned';
import { wipe } from './wipe';

const KDF_FIELDS = { map: { alg: 'text', version: 'uint', m: 'uint', t: 'uint', p: 'uint', salt: 'bytes' } } as const;

/** Plaintext of the sealed bundle, version 1. */
export const DEVICE_BUNDLE_SCHEMA = {
  kind: 'device-bundle-keys',
  version: 1,
  fields: {
    deviceSigningSeed: 'bytes',
    deviceX25519Private: 'bytes',
    userKeys: { list: { map: { generation: 'uint', x25519Private: 'bytes' } } },
    collectionKeys: { list: { map: { collection: 'text', epoch: 'uint', key: 'bytes' } } },
  },
} as const satisfies Schema;

/** Associated data of the sealed bundle, version 1. */
export const DEVICE_BUNDLE_AD_SCHEMA = { kind: 'device-bundle', version: 1, fields: { kdf: KDF_FIELDS } } as const satisfies Schema;

/** Associated data of the wrapped bundle key, version 1. */
export const BUNDLE_KEY_AD_SCHEMA = { kind: 'bundle-key', version: 1, fields: { kdf: KDF_FIELDS } } as const satisfies Schema;

export type DeviceBundle = FieldsOf<typeof DEVICE_BUNDLE_SCHEMA.fields>;

const KEY_LENGTH = 32;

function checkKey(bytes: Uint8Array, what: string, code: 'BAD_INPUT' | 'BAD_ENCODING'): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== KEY_LENGTH) {
    throw new VaultError(code, `${what} must be ${KEY_LENGTH} bytes`);
  }
}

function checkBundle(bundle: DeviceBundle, code: 'BAD_INPUT' | 'BAD_ENCODING'): void {
  checkKey(bundle.deviceSigningSeed, 'device signing seed', code);
  checkKey(bundle.deviceX25519Private, 'device X25519 private key', code);
  for (const userKey of bundle.userKeys) checkKey(userKey.x25519Private, 'user key', code);
  for (const collectionKey of bundle.collectionKeys) checkKey(collectionKey.key, 'collection key', code);
}

function kdfAd(schema: typeof DEVICE_BUNDLE_AD_SCHEMA | typeof BUNDLE_KEY_AD_SCHEMA, kdf: KdfDescriptor): Uint8Array {
  try {
    if (kdf.alg !== KDF_ALG || kdf.version !== ARGON2_VERSION) throw new VaultError('BAD_INPUT', 'KDF must be Argon2id v0x13');
    checkKdfParams(kdf);
  } catch (error) {
    if (error instanceof VaultError && error.code !== 'KDF_TOO_WEAK') throw new VaultError('BAD_INPUT', error.message);
    throw error;
  }
  const { alg, version, m, t, p, salt } = kdf;
  return encodeVersioned(schema, { kdf: { alg, version, m, t, p, salt } });
}

/** Seal the device bundle under the bundle key, binding the KDF descriptor. */
export function wrapBundle(bundleKey: Uint8Array, bundle: DeviceBundle, kdf: KdfDescriptor): Uint8Array {
  checkKey(bundleKey, 'bundle key', 'BAD_INPUT');
  checkBundle(bundle, 'BAD_INPUT');
  const plaintext = encodeVersioned(DEVICE_BUNDLE_SCHEMA, bundle);
  try {
    return seal(bundleKey, plaintext, kdfAd(DEVICE_BUNDLE_AD_SCHEMA, kdf));
  } finally {
    wipe(plaintext);
  }
}

/** Open a sealed device bundle; the KDF descriptor must be the one it was sealed with. */
export function unwrapBundle(bundleKey: Uint8Array, sealed: Uint8Array, kdf: KdfDescriptor): DeviceBundle {
  checkKey(bundleKey, 'bundle key', 'BAD_INPUT');
  const plaintext = open(bundleKey, sealed, kdfAd(DEVICE_BUNDLE_AD_SCHEMA, kdf));
  try {
    const bundle = decodeVersioned(DEVICE_BUNDLE_SCHEMA, plaintext);
    checkBundle(bundle, 'BAD_ENCODING');
    return bundle;
  } finally {
    wipe(plaintext);
  }
}

/** Wrap the 32-byte bundle key under the password-derived KEK, binding the KDF descriptor. */
export function wrapBundleKey(kek: Uint8Array, bundleKey: Uint8Array, kdf: KdfDescriptor): Uint8Array {
  checkKey(kek, 'KEK', 'BAD_INPUT');
  checkKey(bundleKey, 'bundle key', 'BAD_INPUT');
  return seal(kek, bundleKey, kdfAd(BUNDLE_KEY_AD_SCHEMA, kdf));
}

/** Unwrap the bundle key; DECRYPT_FAILED for a wrong password (wrong KEK) or tampered parameters. */
export function unwrapBundleKey(kek: Uint8Array, wrapped: Uint8Array, kdf: KdfDescriptor): Uint8Array {
  checkKey(kek, 'KEK', 'BAD_INPUT');
  const bundleKey = open(kek, wrapped, kdfAd(BUNDLE_KEY_AD_SCHEMA, kdf));
  checkKey(bundleKey, 'bundle key', 'BAD_ENCODING');
  return bundleKey;
}

/** Zero every key in a bundle (on lock). */
export function wipeBundle(bundle: DeviceBundle): void {
  wipe(bundle.deviceSigningSeed, bundle.deviceX25519Private);
  for (const userKey of bundle.userKeys) wipe(userKey.x25519Private);
  for (const collectionKey of bundle.collectionKeys) wipe(collectionKey.key);
}
