/**
 * The keys one device holds while unlocked (DESIGN.md §5): its user-key generations and, per
 * collection, the collection key of each epoch it could open. It is the sync engine's `DeviceKeys`
 * port (shared/sync/engine/ports.ts) through `deviceKeys`, and the key ring grows while the engine
 * runs: a device that joins, recovers or rotates adds keys here and the engine sees them at once
 * (`epochKey` and `currentEpoch` are read per call). The extension keeps the same facts in its
 * sealed device bundle (`userKeys`, `collectionKeys`); this class is their in-memory form.
 *
 * Refuses: a key of the wrong length, or another key for a generation or epoch already held
 * (BAD_INPUT): a key, once opened and checked against its commitment, never changes.
 */
import { equalBytes } from '../crypto/constant-time';
import { signingKeyPairFromSeed } from '../crypto/ed25519';
import type { UserKeyPair } from '../pairing/user-key-seal';
import { VaultError } from '../protocol/errors';
import type { DeviceKeys } from '../sync/engine/ports';

const KEY_LENGTH = 32;

/** This device's ids and its Ed25519 seed, as the engine needs them. */
export interface DeviceCredentials {
  readonly identity: Uint8Array;
  readonly device: Uint8Array;
  readonly seed: Uint8Array;
}

export class KeyRing {
  readonly #userKeys = new Map<number, UserKeyPair>();
  readonly #epochKeys = new Map<string, Map<number, Uint8Array>>();

  addUserKey(pair: UserKeyPair): void {
    if (pair.privateKey.length !== KEY_LENGTH || pair.publicKey.length !== KEY_LENGTH) throw new VaultError('BAD_INPUT', 'a user key is 32 bytes');
    const held = this.#userKeys.get(pair.generation);
    if (held !== undefined) {
      if (!equalBytes(held.privateKey, pair.privateKey)) throw new VaultError('BAD_INPUT', `another key for user-key generation ${pair.generation}`);
      return;
    }
    this.#userKeys.set(pair.generation, { generation: pair.generation, privateKey: new Uint8Array(pair.privateKey), publicKey: new Uint8Array(pair.publicKey) });
  }

  userKey(generation: number): UserKeyPair | undefined {
    return this.#userKeys.get(generation);
  }

  /** Every generation held, oldest first. */
  get userKeys(): UserKeyPair[] {
    return [...this.#userKeys.values()].sort((a, b) => a.generation - b.generation);
  }

  /** Collections are named by their 32-hex-digit id, as the engine names them. */
  addEpochKey(collection: string, epoch: number, key: Uint8Array): void {
    if (key.length !== KEY_LENGTH) throw new VaultError('BAD_INPUT', 'a collection key is 32 bytes');
    const epochs = this.#epochKeys.get(collection) ?? new Map<number, Uint8Array>();
    const held = epochs.get(epoch);
    if (held !== undefined && !equalBytes(held, key)) throw new VaultError('BAD_INPUT', `another key for epoch ${epoch} of ${collection}`);
    epochs.set(epoch, new Uint8Array(key));
    this.#epochKeys.set(collection, epochs);
  }

  epochKey(collection: string, epoch: number): Uint8Array | null {
    return this.#epochKeys.get(collection)?.get(epoch) ?? null;
  }

  /** The newest epoch of `collection` held, or null. */
  currentEpoch(collection: string): number | null {
    const epochs = [...(this.#epochKeys.get(collection)?.keys() ?? [])];
    return epochs.length === 0 ? null : Math.max(...epochs);
  }

  /** The engine's DeviceKeys port over this ring. */
  deviceKeys(credentials: DeviceCredentials): DeviceKeys {
    return {
      identity: credentials.identity,
      device: credentials.device,
      seed: credentials.seed,
      publicKey: signingKeyPairFromSeed(credentials.seed).publicKey,
      epochKey: (collection, epoch) => this.epochKey(collection, epoch),
      currentEpoch: (collection) => this.currentEpoch(collection),
    };
  }
}
