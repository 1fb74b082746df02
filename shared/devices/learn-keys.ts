/**
 * What a device learns from the chains about its own keys (DESIGN.md §5): every user-key generation
 * sealed to it (user-keys.ts) and every collection epoch key sealed to its person that it can open
 * with them (collection-keys.ts), added to its key ring. Run it after joining or recovering, after a
 * restart that may have lost keys appended just before, and whenever another device rotated (a
 * rotate-user-key or rotate-key entry): before the sync that pulls batches of a new epoch, since the
 * engine quarantines records whose epoch key it does not hold yet (docs/sync-engine.md, left to do).
 *
 * Refuses what those modules refuse; nothing is added to the ring from a chain that did not validate.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import type { IdentityState } from '../chains/identity-chain';
import type { SyncTransport } from '../sync/engine/ports';
import { servedIdentityChain } from './chain-append';
import { fetchCollectionKeys, type FetchedCollection } from './collection-keys';
import type { KeyRing } from './key-ring';
import { openUserKeysForDevice, type SealRecipient } from './user-keys';

export interface LearnedKeys {
  readonly identity: IdentityState;
  /** Each collection's validated chain and the keys opened from it, by hex id. */
  readonly collections: ReadonlyMap<string, FetchedCollection>;
}

export async function learnKeys(
  transport: Pick<SyncTransport, 'identityChain' | 'collectionChain'>,
  device: SealRecipient & { readonly identity: Uint8Array },
  keys: KeyRing,
  collections: readonly string[],
): Promise<LearnedKeys> {
  const { entries, state } = await servedIdentityChain(transport, device.identity);
  for (const userKey of await openUserKeysForDevice(entries, state, device)) keys.addUserKey(userKey);
  const fetched = new Map<string, FetchedCollection>();
  for (const collection of collections) {
    const one = await fetchCollectionKeys(transport, hexToBytes(collection), state, (g) => keys.userKey(g));
    for (const [epoch, key] of one.epochKeys) keys.addEpochKey(collection, epoch, key);
    fetched.set(collection, one);
  }
  return { identity: state, collections: fetched };
}
