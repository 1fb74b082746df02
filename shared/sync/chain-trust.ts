/**
 * The trust resolver of verify-batch.ts over validated chains (shared/chains, DESIGN.md §5): which
 * chain entries the client validated, which devices were trusted at an identity-chain position, who
 * may write a collection at a collection-chain position, and which epochs are retired there.
 *
 * Writers are members with role owner, admin or editor (a viewer holds the key but does not write).
 * An epoch is retired at position p when a later rotate-key was appended at or before p; an epoch not
 * yet created at p counts as retired. Positions past the validated chain resolve to nothing, so a
 * batch made under a chain the client has not pulled yet is refused until the chain is extended.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { equalBytes } from '../crypto/constant-time';
import type { CollectionState } from '../chains/collection-chain';
import { entryHash } from '../chains/entry';
import { deviceTrustedAt, type IdentityState } from '../chains/identity-chain';
import type { ChainAt, TrustResolver } from './verify-batch';

/** A validated chain: its state and its entries' exact bytes, in order. */
export interface ValidatedChain<S> {
  readonly state: S;
  readonly entries: readonly Uint8Array[];
}

/** Finds the validated identity chain of an identity id, if the client holds it. */
export type IdentityChains = (identity: Uint8Array) => ValidatedChain<IdentityState> | undefined;

const WRITERS = new Set(['owner', 'admin', 'editor']);

function hashAt(entries: readonly Uint8Array[], cache: Map<Uint8Array, Uint8Array>, seq: number): Uint8Array | null {
  const bytes = Number.isSafeInteger(seq) && seq >= 0 ? entries[seq] : undefined;
  if (bytes === undefined) return null;
  let hash = cache.get(bytes);
  if (hash === undefined) {
    hash = entryHash(bytes);
    cache.set(bytes, hash);
  }
  return hash;
}

function epochRetiredAt(state: CollectionState, epoch: number, seq: number): boolean {
  const known = state.epochs.filter((record) => record.setAt <= seq);
  return known[known.length - 1]?.epoch !== epoch;
}

/** A TrustResolver for one collection's validated chain and the identity chains of its members. */
export function chainTrust(collection: ValidatedChain<CollectionState>, identities: IdentityChains): TrustResolver {
  const cache = new Map<Uint8Array, Uint8Array>();
  const isThisCollection = (id: Uint8Array): boolean => equalBytes(id, collection.state.collectionId);
  return {
    chainHead(chain, id, seq) {
      if (chain === 'collection') return isThisCollection(id) ? hashAt(collection.entries, cache, seq) : null;
      const identity = identities(id);
      return identity ? hashAt(identity.entries, cache, seq) : null;
    },
    deviceKey(identity, device, at: ChainAt) {
      if (!isThisCollection(at.collection)) return null;
      const chain = identities(identity);
      if (!chain || !equalBytes(chain.state.identityId, identity)) return null;
      const record = deviceTrustedAt(chain.state, device, at.identitySeq);
      const role = collection.state.roleAt(identity, at.collectionSeq);
      if (!record || role === null || !WRITERS.has(role)) return null;
      return record.signingKey;
    },
    epochRetired(id, epoch, at: ChainAt) {
      return !isThisCollection(id) || epochRetiredAt(collection.state, epoch, at.collectionSeq);
    },
  };
}

/** An IdentityChains lookup over a list of validated identity chains. */
export function identityChainsOf(chains: readonly ValidatedChain<IdentityState>[]): IdentityChains {
  const byId = new Map(chains.map((chain) => [bytesToHex(chain.state.identityId), chain]));
  return (identity) => byId.get(bytesToHex(identity));
}
