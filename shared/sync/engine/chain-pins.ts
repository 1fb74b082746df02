/**
 * Pulling and pinning the chains a collection's trust rests on (DESIGN.md §5, §6): the collection
 * chain and the identity chain of every identity it names (and this device's own). Each chain is
 * fetched from its last pinned entry, must extend what was pinned (chain-link.ts
 * checkExtendsPinned: shorter is ROLLBACK, another entry at the pinned position is FORK), and the
 * whole chain is validated by the rules of shared/chains, an identity chain against its id (the
 * genesis hash, so a substituted person is FORK). The server's claimed head must be the hash of the
 * last entry it served (FORK). The result is the TrustResolver of chain-trust.ts and the summary the
 * writer needs (owner, epoch, heads).
 *
 * Validated states are cached in memory by chain head (a chain is never re-validated from its
 * genesis after its prefix was), but the pinned state keeps only entry bytes: after a restart trust
 * is rebuilt from bytes. With `repin`, chains are fetched from their genesis and need not extend
 * the pinned ones (the user approved re-pinning); they are still validated.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { checkExtendsPinned } from '../../chains/chain-link';
import { extendCollectionChain, validateCollectionChain, type CollectionState } from '../../chains/collection-chain';
import { decodeEntry, entryHash } from '../../chains/entry';
import { deviceTrustedAt, extendIdentityChain, validateIdentityChain, type IdentityState } from '../../chains/identity-chain';
import { equalBytes } from '../../crypto/constant-time';
import { VaultError } from '../../protocol/errors';
import { chainTrust, identityChainsOf } from '../chain-trust';
import type { TrustResolver } from '../verify-batch';
import type { ChainSummary, PinnedChains } from './engine-state';
import type { ChainPage, SyncTransport } from './ports';

/** The chains as validated now, and what sync needs from them. */
export interface TrustView {
  readonly chains: PinnedChains;
  readonly summary: ChainSummary;
  readonly resolver: TrustResolver;
  readonly collection: CollectionState;
  readonly identities: ReadonlyMap<string, IdentityState>;
}

const WRITERS = new Set(['owner', 'admin', 'editor']);
const CACHE_LIMIT = 256;

/** Validated chain states by hex head, shared by one engine instance. */
export class ChainCache {
  private readonly states = new Map<string, IdentityState | CollectionState>();

  get<S extends IdentityState | CollectionState>(entries: readonly Uint8Array[]): S | undefined {
    const last = entries[entries.length - 1];
    return last === undefined ? undefined : (this.states.get(bytesToHex(entryHash(last))) as S | undefined);
  }

  put(state: IdentityState | CollectionState): void {
    if (this.states.size >= CACHE_LIMIT) this.states.clear();
    this.states.set(bytesToHex(state.head), state);
  }
}

type Fetch = (id: Uint8Array, from: number) => Promise<ChainPage>;

/** The full chain: the pinned entries extended by what the server serves from the last pinned one. */
async function fetchExtending(fetch: Fetch, id: Uint8Array, pinned: readonly Uint8Array[], repin: boolean, what: string): Promise<Uint8Array[]> {
  const n = pinned.length;
  const fromScratch = n === 0 || repin;
  const page = await fetch(id, fromScratch ? 0 : n - 1);
  const all = fromScratch ? [...page.entries] : [...pinned.slice(0, n - 1), ...page.entries];
  if (!fromScratch) checkExtendsPinned(all, { length: n, head: entryHash(pinned[n - 1] as Uint8Array) });
  const last = all[all.length - 1];
  if (last === undefined) throw new VaultError('NOT_FOUND', `the server holds no ${what} chain ${bytesToHex(id)}`);
  if (!equalBytes(entryHash(last), page.head)) throw new VaultError('FORK', `the server's ${what} chain head is not the hash of its last entry`);
  return all;
}

function validateIdentity(entries: readonly Uint8Array[], id: Uint8Array, pinnedLength: number, cache: ChainCache): IdentityState {
  const prefix = cache.get<IdentityState>(entries.slice(0, pinnedLength));
  const state =
    prefix !== undefined && equalBytes(prefix.identityId, id)
      ? extendIdentityChain(prefix, entries.slice(prefix.length))
      : validateIdentityChain(entries, id);
  cache.put(state);
  return state;
}

function validateCollection(entries: readonly Uint8Array[], pinnedLength: number, cache: ChainCache, resolve: (id: Uint8Array) => IdentityState | undefined): CollectionState {
  const prefix = cache.get<CollectionState>(entries.slice(0, pinnedLength));
  const state = prefix !== undefined ? extendCollectionChain(prefix, entries.slice(prefix.length), resolve) : validateCollectionChain(entries, resolve);
  cache.put(state);
  return state;
}

/** Every identity a collection chain names: authors, owner, members and seal recipients. */
function identitiesNamed(entries: readonly Uint8Array[]): string[] {
  const ids = new Set<string>();
  for (const bytes of entries) {
    const { body } = decodeEntry(bytes);
    if (body.chain !== 'collection') throw new VaultError('BAD_CHAIN', `entry ${body.seq} is not a collection chain entry`);
    ids.add(bytesToHex(body.author.identity));
    if (body.op === 'genesis') ids.add(bytesToHex(body.args.owner));
    if (body.op === 'add-member') ids.add(bytesToHex(body.args.identity));
    if (body.op === 'genesis' || body.op === 'rotate-key') for (const seal of body.args.seals) ids.add(bytesToHex(seal.identity));
  }
  return [...ids];
}

function ownerOf(genesis: Uint8Array): string {
  const { body } = decodeEntry(genesis);
  if (body.chain !== 'collection' || body.op !== 'genesis') throw new VaultError('BAD_CHAIN', 'a collection chain starts with its genesis');
  return bytesToHex(body.args.owner);
}

/** Pull, check and validate the chains of `collection`; `own` is this device's identity id, `device` its id. */
export async function refreshChains(
  transport: SyncTransport,
  collection: Uint8Array,
  own: Uint8Array,
  device: Uint8Array,
  pinned: PinnedChains,
  cache: ChainCache,
  repin = false,
): Promise<TrustView> {
  const collectionEntries = await fetchExtending((id, from) => transport.collectionChain(id, from), collection, pinned.collection, repin, 'collection');
  const ids = new Set([bytesToHex(own), ...identitiesNamed(collectionEntries)]);
  const identities = new Map<string, IdentityState>();
  const identityEntries: Record<string, Uint8Array[]> = {};
  for (const hex of ids) {
    const id = hexToBytes(hex);
    const before = pinned.identities[hex] ?? [];
    const entries = await fetchExtending((i, from) => transport.identityChain(i, from), id, before, repin, 'identity');
    identities.set(hex, validateIdentity(entries, id, repin ? 0 : before.length, cache));
    identityEntries[hex] = entries;
  }
  const resolve = (id: Uint8Array) => identities.get(bytesToHex(id));
  const state = validateCollection(collectionEntries, repin ? 0 : pinned.collection.length, cache, resolve);
  if (!equalBytes(state.collectionId, collection)) throw new VaultError('FORK', 'the server served the chain of another collection');
  const ownState = identities.get(bytesToHex(own)) as IdentityState;
  const resolver = chainTrust(
    { state, entries: collectionEntries },
    identityChainsOf([...ids].map((hex) => ({ state: identities.get(hex) as IdentityState, entries: identityEntries[hex] ?? [] }))),
  );
  const summary: ChainSummary = {
    owner: ownerOf(collectionEntries[0] as Uint8Array),
    epoch: state.epoch,
    identity: { seq: ownState.length - 1, head: bytesToHex(ownState.head) },
    collection: { seq: state.length - 1, head: bytesToHex(state.head) },
    canWrite: deviceTrustedAt(ownState, device, ownState.length - 1) !== undefined && WRITERS.has(state.roleAt(own, state.length - 1) ?? ''),
  };
  return { chains: { collection: collectionEntries, identities: identityEntries }, summary, resolver, collection: state, identities };
}

/** Hex ids of the identities that may write the collection now (owners, admins, editors). */
export function writerIdentities(view: TrustView): string[] {
  return [...view.collection.members.entries()].filter(([, member]) => WRITERS.has(member.role)).map(([hex]) => hex);
}
