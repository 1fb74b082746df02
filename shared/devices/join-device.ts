/**
 * The new device, once the approval is accepted (docs/pairing.md §5): with the server session its
 * own keys now open (the add-device entry registered it), it fetches the identity chain and
 * confirms it against the approval's pins (shared/pairing/confirm-join.ts), learns every user-key
 * generation sealed to it (user-keys.ts: the one in the approval, and any rotation since), and
 * opens each pinned collection's keys from its validated chain (collection-keys.ts), checked
 * against the pinned chain head. The caller stores all of it in the new device bundle, starts its
 * sync engine, and after the first sync of each collection calls `checkCollectionPin`
 * (collection-pins.ts) with the same pins.
 *
 * Refuses what confirmJoin, user-keys.ts and collection-keys.ts refuse (FORK, ROLLBACK,
 * UNTRUSTED_WRITER, chain codes, DECRYPT_FAILED, KEY_COMMITMENT_MISMATCH), and a pinned collection
 * of which this device can open no key (LOCKED).
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import type { IdentityState } from '../chains/identity-chain';
import { equalBytes } from '../crypto/constant-time';
import { confirmJoin } from '../pairing/confirm-join';
import type { JoinedDevice } from '../pairing/new-side';
import type { CollectionPin } from '../pairing/payloads';
import type { UserKeyPair } from '../pairing/user-key-seal';
import { VaultError } from '../protocol/errors';
import type { SyncTransport } from '../sync/engine/ports';
import { fetchCollectionKeys } from './collection-keys';
import { openUserKeysForDevice } from './user-keys';

export interface JoinedCollection {
  /** Hex id, as the sync engine names it. */
  readonly collection: string;
  readonly pin: CollectionPin;
  readonly epochKeys: ReadonlyMap<number, Uint8Array>;
}

export interface JoinResult {
  readonly identity: IdentityState;
  readonly userKeys: readonly UserKeyPair[];
  readonly collections: readonly JoinedCollection[];
}

export async function completeJoin(joined: JoinedDevice, transport: Pick<SyncTransport, 'identityChain' | 'collectionChain'>): Promise<JoinResult> {
  const page = await transport.identityChain(joined.identity, 0);
  const identity = confirmJoin(joined, page.entries);
  const opened = await openUserKeysForDevice(page.entries, identity, { deviceId: joined.device.deviceId, x25519Private: joined.device.x25519Private });
  const first = opened[0];
  if (first === undefined || first.generation !== joined.userKey.generation || !equalBytes(first.privateKey, joined.userKey.privateKey)) {
    throw new VaultError('FORK', "the chain's add-device entry does not hold the user key the approval gave");
  }
  const userKeyOf = (generation: number) => opened.find((key) => key.generation === generation);
  const collections: JoinedCollection[] = [];
  for (const pin of joined.collections) {
    const fetched = await fetchCollectionKeys(transport, pin.collection, identity, userKeyOf, pin.chain);
    if (fetched.epochKeys.size === 0) throw new VaultError('LOCKED', `no key of collection ${bytesToHex(pin.collection)} is sealed to a user key this device holds`);
    collections.push({ collection: bytesToHex(pin.collection), pin, epochKeys: fetched.epochKeys });
  }
  return { identity, userKeys: opened, collections };
}
