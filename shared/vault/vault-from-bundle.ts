/**
 * A local vault around a device bundle that already exists (DESIGN.md §4, §7): a browser that
 * joined by pairing (docs/pairing.md §19) or was restored with the recovery kit gets its device keys,
 * user keys and collection keys from that exchange (not fresh ones, as createVaultKeys makes), and
 * its personal collection is the vault's existing one. The master password is this browser's own
 * (local unlock is per device; nothing derived from it leaves the browser); the key hierarchy is the same as vault-keys.ts:
 * master password --Argon2id--> KEK --wraps--> bundle key --seals--> device bundle.
 * Refuses: KDF parameters below the minimum (KDF_TOO_WEAK), keys of the wrong length (BAD_INPUT),
 * a bundle without a key for the personal collection (BAD_INPUT).
 */
import { newKdfParams, type KdfParams } from '../crypto/argon2id';
import type { DeviceBundle } from '../crypto/key-bundle';
import { VaultError } from '../protocol/errors';
import { sealNewVault, type OpenVault } from './vault-keys';

export async function vaultKeysFromBundle(password: string, bundle: DeviceBundle, personalCollection: string, params: KdfParams = newKdfParams()): Promise<OpenVault> {
  if (!bundle.collectionKeys.some((k) => k.collection === personalCollection)) throw new VaultError('BAD_INPUT', 'the bundle holds no key for the personal collection');
  return sealNewVault(password, bundle, personalCollection, params);
}
