/**
 * The local key hierarchy (vault-keys.ts, DESIGN.md §4) of a browser that joined a vault by pairing
 * (docs/pairing.md §19): the same header and device bundle a created vault has, but the bundle holds
 * the keys the pairing gave (this device's fresh Ed25519 seed and X25519 key, the user-key
 * generations sealed to it, the collection keys opened from the chains) and the personal collection
 * is the vault's existing one. The master password is this browser's own: local unlock is per
 * device, nothing derived from it leaves the browser, so the other devices' passwords are unaffected.
 *
 * Refuses: a bundle without the personal collection's key (BAD_INPUT), keys of the wrong length
 * (key-bundle.ts), KDF parameters below the minimum (KDF_TOO_WEAK).
 */
import { deriveKek, kdfDescriptor, newKdfParams, type KdfParams } from '../crypto/argon2id';
import { wrapBundle, wrapBundleKey, type DeviceBundle } from '../crypto/key-bundle';
import { randomBytes } from '../crypto/random';
import { wipe } from '../crypto/wipe';
import { VaultError } from '../protocol/errors';
import { VAULT_HEADER_VERSION, type OpenVault } from './vault-keys';

/** `personalCollection` is the collection id in base64url, as the header names it. */
export async function joinedVaultKeys(password: string, bundle: DeviceBundle, personalCollection: string, params: KdfParams = newKdfParams()): Promise<OpenVault> {
  if (!bundle.collectionKeys.some((k) => k.collection === personalCollection)) {
    throw new VaultError('BAD_INPUT', 'the device bundle lacks the personal collection key');
  }
  const kdf = kdfDescriptor(params);
  const bundleKey = randomBytes(32);
  const kek = await deriveKek(password, kdf);
  try {
    return {
      header: {
        version: VAULT_HEADER_VERSION,
        kdf,
        wrappedBundleKey: wrapBundleKey(kek, bundleKey, kdf),
        sealedBundle: wrapBundle(bundleKey, bundle, kdf),
        personalCollection,
      },
      bundleKey,
      bundle,
    };
  } finally {
    wipe(kek);
  }
}
