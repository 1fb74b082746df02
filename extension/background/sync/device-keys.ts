/**
 * The sync engine's `DeviceKeys` (shared/sync/engine/ports.ts) from the unlocked vault: the device's
 * Ed25519 seed from the device bundle, its ids from the sealed sync account, and the collection keys
 * the bundle caches, looked up by hex collection id (the bundle names collections in base64url).
 * It reads the live bundle, which locking wipes: once `alive()` is false (the vault locked while a
 * sync was running) every key read throws LOCKED, so nothing is ever signed with a wiped seed.
 * `profile` seals this device's name and platform (this-device-profile.ts) for its heartbeat.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { fromBase64url } from '../../../shared/crypto/base64url';
import { signingKeyPairFromSeed } from '../../../shared/crypto/ed25519';
import { VaultError } from '../../../shared/protocol/errors';
import type { DeviceKeys } from '../../../shared/sync/engine/ports';
import { sealProfile } from '../../../shared/devices/device-profile';
import { profileChanged, profileSent, thisDeviceProfile } from '../devices/this-device-profile';
import type { SyncAccount } from '../../../shared/vault/sync-account';
import type { OpenVault } from '../../../shared/vault/vault-keys';

/** The hex id the engine uses for a collection the vault names in base64url. */
export function collectionHex(base64url: string): string {
  return bytesToHex(fromBase64url(base64url));
}

export function vaultDeviceKeys(vault: OpenVault, account: SyncAccount, alive: () => boolean): DeviceKeys {
  // Locking wipes the bundle before its listeners run: a zeroed seed means locked as well.
  const live = () => {
    if (!alive() || vault.bundle.deviceSigningSeed.every((byte) => byte === 0)) throw new VaultError('LOCKED', 'the vault locked during sync');
    return vault.bundle;
  };
  const keysOf = (collection: string) => live().collectionKeys.filter((k) => collectionHex(k.collection) === collection);
  const publicKey = signingKeyPairFromSeed(vault.bundle.deviceSigningSeed).publicKey;
  return {
    identity: account.identity,
    device: account.device,
    get seed() {
      return live().deviceSigningSeed;
    },
    publicKey,
    epochKey(collection, epoch) {
      return keysOf(collection).find((k) => k.epoch === epoch)?.key ?? null;
    },
    currentEpoch(collection) {
      const epochs = keysOf(collection).map((k) => k.epoch);
      return epochs.length === 0 ? null : Math.max(...epochs);
    },
    profile() {
      // Sealed under the newest user-key generation this device holds (docs/decisions/010-device-profiles.md).
      const newest = [...live().userKeys].sort((a, b) => b.generation - a.generation)[0];
      if (newest === undefined) return undefined;
      return sealProfile(thisDeviceProfile(), { identity: account.identity, device: account.device }, { generation: newest.generation, privateKey: newest.x25519Private });
    },
    profileChanged,
    profileSent,
  };
}
