/**
 * Appending to a chain as a device does it (DESIGN.md §5 "Appends to a chain are compare-and-swap"):
 * fetch the chain the server serves, validate it with the rules every client applies, let the
 * caller decide and sign the next entry on that head (or decide there is nothing to do: another
 * device did it already), append with `prev` = that head, and on CONFLICT start over on the new
 * head. Nothing is signed on a chain that was not validated first, and `sign` is called again after
 * a lost race, so a fresh key made for one attempt is never reused for another.
 *
 * Refuses: a served head that is not the last entry's hash (FORK), a chain that breaks a rule (its
 * code), CONFLICT after `attempts` lost races, and what the transport refuses.
 */
import type { Appended } from '../chains/append';
import type { CollectionState } from '../chains/collection-chain';
import { entryHash } from '../chains/entry';
import { validateIdentityChain, type IdentityState } from '../chains/identity-chain';
import { equalBytes } from '../crypto/constant-time';
import { VaultError } from '../protocol/errors';
import type { SyncTransport } from '../sync/engine/ports';
import type { FetchedCollection } from './collection-keys';

const ATTEMPTS = 5;

/** The identity chain as served, validated against its id, with its entries. */
export async function servedIdentityChain(transport: Pick<SyncTransport, 'identityChain'>, identity: Uint8Array): Promise<{ entries: readonly Uint8Array[]; state: IdentityState }> {
  const page = await transport.identityChain(identity, 0);
  const last = page.entries[page.entries.length - 1];
  if (last === undefined || !equalBytes(entryHash(last), page.head)) throw new VaultError('FORK', "the server's identity chain head is not its last entry's hash");
  return { entries: page.entries, state: validateIdentityChain(page.entries, identity) };
}

async function withRetries<T>(attempt: () => Promise<T | 'conflict'>): Promise<T> {
  for (let n = 1; ; n++) {
    const result = await attempt();
    if (result !== 'conflict') return result;
    if (n >= ATTEMPTS) throw new VaultError('CONFLICT', `the chain head kept moving: ${ATTEMPTS} appends lost the race`);
  }
}

async function appendOr<T>(append: () => Promise<unknown>, done: T): Promise<T | 'conflict'> {
  try {
    await append();
    return done;
  } catch (error) {
    if (error instanceof VaultError && error.code === 'CONFLICT') return 'conflict';
    throw error;
  }
}

/**
 * Sign one identity-chain entry on the served head (`sign` returns null when nothing is left to do)
 * and append it; returns the chain state after it, or as served when nothing was appended.
 */
export function appendToIdentityChain(
  transport: Pick<SyncTransport, 'identityChain' | 'appendIdentityEntry'>,
  identity: Uint8Array,
  sign: (state: IdentityState) => Promise<Appended<IdentityState> | null>,
): Promise<IdentityState> {
  return withRetries(async () => {
    const { state } = await servedIdentityChain(transport, identity);
    const next = await sign(state);
    if (next === null) return state;
    return appendOr(() => transport.appendIdentityEntry(identity, next.bytes, state.head), next.state);
  });
}

/** The same for a collection chain; `fetch` pulls and validates it (collection-keys.ts `fetchCollectionKeys`). */
export function appendToCollectionChain(
  transport: Pick<SyncTransport, 'appendCollectionEntry'>,
  collection: Uint8Array,
  fetch: () => Promise<FetchedCollection>,
  sign: (fetched: FetchedCollection) => Promise<Appended<CollectionState> | null>,
): Promise<CollectionState> {
  return withRetries(async () => {
    const fetched = await fetch();
    const next = await sign(fetched);
    if (next === null) return fetched.state;
    return appendOr(() => transport.appendCollectionEntry(collection, next.bytes, fetched.state.head), next.state);
  });
}
