/**
 * A key ring (shared/devices/key-ring.ts) that writes through to the unlocked device bundle
 * (DESIGN.md §4: private keys live as bytes inside the AEAD bundle wrapped by the unlock key). The
 * sync engine of the extension reads its epoch keys from the live bundle (sync/device-keys.ts), so a
 * key added here, e.g. the new epoch key a rotation made, is usable by the engine at once; `persist`
 * seals the bundle again under the same bundle key and stores the header, so the key survives a
 * restarted worker. A key added but not persisted (a worker killed in between) is learned again
 * from the chains on resume (shared/devices/learn-keys.ts): the chains hold every key sealed.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { fromBase64url, toBase64url } from '../../../shared/crypto/base64url';
import { wrapBundle } from '../../../shared/crypto/key-bundle';
import { x25519PublicKey } from '../../../shared/crypto/x25519';
import { KeyRing } from '../../../shared/devices/key-ring';
import type { UserKeyPair } from '../../../shared/pairing/user-key-seal';
import type { OpenVault } from '../../../shared/vault/vault-keys';
import type { VaultStore } from '../vault/ports';

export class BundleKeyRing extends KeyRing {
  #dirty = false;

  constructor(
    private readonly vault: OpenVault,
    private readonly store: Pick<VaultStore, 'putHeader'>,
  ) {
    super();
    for (const key of vault.bundle.userKeys) super.addUserKey({ generation: key.generation, privateKey: key.x25519Private, publicKey: x25519PublicKey(key.x25519Private) });
    for (const key of vault.bundle.collectionKeys) super.addEpochKey(bytesToHex(fromBase64url(key.collection)), key.epoch, key.key);
  }

  override addUserKey(pair: UserKeyPair): void {
    super.addUserKey(pair);
    if (this.vault.bundle.userKeys.some((k) => k.generation === pair.generation)) return;
    this.vault.bundle.userKeys.push({ generation: pair.generation, x25519Private: new Uint8Array(pair.privateKey) });
    this.#dirty = true;
  }

  override addEpochKey(collection: string, epoch: number, key: Uint8Array): void {
    super.addEpochKey(collection, epoch, key);
    const named = toBase64url(hexToBytes(collection));
    if (this.vault.bundle.collectionKeys.some((k) => k.collection === named && k.epoch === epoch)) return;
    this.vault.bundle.collectionKeys.push({ collection: named, epoch, key: new Uint8Array(key) });
    this.#dirty = true;
  }

  /** Seal the bundle with the keys added and store the header (nothing when none was added). */
  async persist(): Promise<void> {
    if (!this.#dirty) return;
    this.#dirty = false;
    this.vault.header = { ...this.vault.header, sealedBundle: wrapBundle(this.vault.bundleKey, this.vault.bundle, this.vault.header.kdf) };
    await this.store.putHeader(this.vault.header);
  }
}
