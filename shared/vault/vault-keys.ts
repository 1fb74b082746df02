/**
 * The local key hierarchy of one vault (DESIGN.md §4):
 *
 *   master password --Argon2id--> KEK --wraps--> bundle key --seals--> device bundle
 *   device bundle = device signing seed, device X25519 key, user keys, collection keys
 *
 * The vault header (stored as-is in IndexedDB) holds only the KDF descriptor and ciphertext.
 * A new vault gets a personal collection (random id, epoch 0) whose key seals its items.
 * Changing the master password re-wraps the bundle key and re-seals the bundle (their associated
 * data binds the KDF descriptor); items are not re-encrypted.
 * Refuses: a wrong password (WRONG_PASSWORD, nothing changes), weakened KDF parameters
 * (KDF_TOO_WEAK, checked before deriving), a header of another version (UNKNOWN_VERSION).
 */
import { deriveKek, kdfDescriptor, newKdfParams, type KdfDescriptor, type KdfParams } from '../crypto/argon2id';
import { toBase64url } from '../crypto/base64url';
import { unwrapBundle, unwrapBundleKey, wrapBundle, wrapBundleKey, type DeviceBundle } from '../crypto/key-bundle';
import { randomBytes } from '../crypto/random';
import { wipe } from '../crypto/wipe';
import { VaultError } from '../protocol/errors';

export const VAULT_HEADER_VERSION = 1;

export interface VaultHeader {
  version: typeof VAULT_HEADER_VERSION;
  kdf: KdfDescriptor;
  wrappedBundleKey: Uint8Array;
  sealedBundle: Uint8Array;
  /** The personal vault's collection id (random, 128 bits, base64url). */
  personalCollection: string;
}

export interface OpenVault {
  header: VaultHeader;
  bundleKey: Uint8Array;
  bundle: DeviceBundle;
}

export function newCollectionId(): string {
  return toBase64url(randomBytes(16));
}

/** Create the keys of a new vault. KDF parameters default to 64 MiB, t=3, p=4 with a fresh salt. */
export async function createVaultKeys(password: string, params: KdfParams = newKdfParams()): Promise<OpenVault> {
  const personalCollection = newCollectionId();
  const bundle: DeviceBundle = {
    deviceSigningSeed: randomBytes(32),
    deviceX25519Private: randomBytes(32),
    userKeys: [{ generation: 0, x25519Private: randomBytes(32) }],
    collectionKeys: [{ collection: personalCollection, epoch: 0, key: randomBytes(32) }],
  };
  return sealNewVault(password, bundle, personalCollection, params);
}

/**
 * A fresh bundle key wrapping `bundle`, itself wrapped by the KEK the master password derives:
 * the header of a vault made here (createVaultKeys) or around keys made elsewhere
 * (vault-from-bundle.ts: a joined or restored browser).
 */
export async function sealNewVault(password: string, bundle: DeviceBundle, personalCollection: string, params: KdfParams): Promise<OpenVault> {
  const kdf = kdfDescriptor(params);
  const bundleKey = randomBytes(32);
  const kek = await deriveKek(password, kdf);
  try {
    const header: VaultHeader = {
      version: VAULT_HEADER_VERSION,
      kdf,
      wrappedBundleKey: wrapBundleKey(kek, bundleKey, kdf),
      sealedBundle: wrapBundle(bundleKey, bundle, kdf),
      personalCollection,
    };
    return { header, bundleKey, bundle };
  } finally {
    wipe(kek);
  }
}

/** Master password → bundle key. WRONG_PASSWORD when it does not open; the header is untouched. */
export async function unlockBundleKey(header: VaultHeader, password: string): Promise<Uint8Array> {
  checkHeader(header);
  const kek = await deriveKek(password, header.kdf);
  try {
    return unwrapBundleKey(kek, header.wrappedBundleKey, header.kdf);
  } catch (error) {
    if (error instanceof VaultError && error.code === 'DECRYPT_FAILED') {
      throw new VaultError('WRONG_PASSWORD', 'the master password does not open this vault');
    }
    throw error;
  } finally {
    wipe(kek);
  }
}

/** Bundle key (from unlock or the session) → the device bundle. */
export function openBundle(header: VaultHeader, bundleKey: Uint8Array): DeviceBundle {
  checkHeader(header);
  return unwrapBundle(bundleKey, header.sealedBundle, header.kdf);
}

/** A new header for a new master password; the bundle key and every item stay as they are. */
export async function rewrapHeader(vault: OpenVault, newPassword: string, params: KdfParams = newKdfParams()): Promise<VaultHeader> {
  const kdf = kdfDescriptor(params);
  const kek = await deriveKek(newPassword, kdf);
  try {
    return {
      ...vault.header,
      kdf,
      wrappedBundleKey: wrapBundleKey(kek, vault.bundleKey, kdf),
      sealedBundle: wrapBundle(vault.bundleKey, vault.bundle, kdf),
    };
  } finally {
    wipe(kek);
  }
}

/** The personal collection's current key and epoch. */
export function personalCollectionKey(vault: OpenVault): { collection: string; epoch: number; key: Uint8Array } {
  const found = vault.bundle.collectionKeys.find((k) => k.collection === vault.header.personalCollection);
  if (found === undefined) throw new VaultError('BAD_RECORD', 'the device bundle lacks the personal collection key');
  return found;
}

function checkHeader(header: VaultHeader): void {
  if (header.version !== VAULT_HEADER_VERSION) throw new VaultError('UNKNOWN_VERSION', `vault header version ${String(header.version)}`);
}
