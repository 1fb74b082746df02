/**
 * A collection's keys as a member device opens them (DESIGN.md §5): every epoch key sealed to this
 * person in the collection chain (the genesis and each rotate-key seal to each member's user key;
 * an add-member seals the current epoch's key to the member added), opened with the user-key
 * generation named in the seal, with the info of shared/sync/engine/collection-key-seal.ts
 * (collection, epoch, recipient = this identity, generation, granter = the author's identity) and
 * checked against the epoch's key commitment.
 *
 * `fetchCollectionKeys` pulls the chain through the transport, validates it with the rules every
 * client applies (shared/chains: authors trusted at their identity positions, seals to exactly the
 * members) and, when the caller holds pins for it (a pairing approval), checks it holds the pinned
 * head: a server cannot hand a device a key it made up, since the seal must sit in an entry signed
 * by a trusted device of a member.
 * Refuses: a chain that breaks a rule (its code), does not reach the pinned seq (ROLLBACK) or holds
 * another entry there (FORK), a server head that is not its last entry's hash (FORK); a seal that does
 * not open (DECRYPT_FAILED) or a key that is not the commitment's (KEY_COMMITMENT_MISMATCH).
 * Epochs sealed to a user-key generation this device does not hold are skipped (a device recovered
 * with the kit holds only the generations from the kit on).
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { checkExtendsPinned } from '../chains/chain-link';
import { validateCollectionChain, type CollectionState } from '../chains/collection-chain';
import { decodeEntry, entryHash } from '../chains/entry';
import { validateIdentityChain, type IdentityState } from '../chains/identity-chain';
import { equalBytes } from '../crypto/constant-time';
import type { UserKeyPair } from '../pairing/user-key-seal';
import { VaultError } from '../protocol/errors';
import type { Position } from '../sync/batch';
import { openCollectionKey } from '../sync/engine/collection-key-seal';
import type { SyncTransport } from '../sync/engine/ports';

/** The user-key pair of a generation, if this device holds it. */
export type UserKeyOf = (generation: number) => UserKeyPair | undefined;

interface SealedEpoch {
  readonly epoch: number;
  readonly commitment: Uint8Array;
  readonly generation: number;
  readonly sealed: Uint8Array;
  readonly granter: Uint8Array;
}

/** Every copy of an epoch key sealed to `identity` in a collection chain, in chain order. */
function sealsTo(entries: readonly Uint8Array[], identity: Uint8Array): SealedEpoch[] {
  const found: SealedEpoch[] = [];
  let epoch = 0;
  let commitment: Uint8Array = new Uint8Array(0);
  for (const bytes of entries) {
    const body = decodeEntry(bytes).body;
    if (body.chain !== 'collection') throw new VaultError('BAD_CHAIN', 'not a collection chain entry');
    const granter = body.author.identity;
    if (body.op === 'genesis' || body.op === 'rotate-key') {
      epoch = body.op === 'genesis' ? 0 : body.args.epoch;
      commitment = body.args.commitment;
      const seal = body.args.seals.find((s) => equalBytes(s.identity, identity));
      if (seal !== undefined) found.push({ epoch, commitment, generation: seal.generation, sealed: seal.sealed, granter });
    } else if (body.op === 'add-member' && equalBytes(body.args.identity, identity)) {
      found.push({ epoch, commitment, generation: body.args.generation, sealed: body.args.seal, granter });
    }
  }
  return found;
}

/** Open every epoch key of the validated chain `entries` that `identity` can open with the user keys held. */
export async function openEpochKeys(entries: readonly Uint8Array[], identity: Uint8Array, userKeyOf: UserKeyOf): Promise<Map<number, Uint8Array>> {
  const first = entries[0];
  if (first === undefined) throw new VaultError('BAD_CHAIN', 'a collection chain starts with its genesis');
  const collection = decodeEntry(first).body.chainId;
  const keys = new Map<number, Uint8Array>();
  for (const seal of sealsTo(entries, identity)) {
    const userKey = userKeyOf(seal.generation);
    if (userKey === undefined || keys.has(seal.epoch)) continue;
    const info = { collection, epoch: seal.epoch, recipient: identity, generation: seal.generation, granter: seal.granter };
    keys.set(seal.epoch, await openCollectionKey(userKey.privateKey, seal.sealed, info, seal.commitment));
  }
  return keys;
}

/** Every identity a collection chain names (authors, owner, members, seal recipients), as hex. */
function identitiesNamed(entries: readonly Uint8Array[]): string[] {
  const ids = new Set<string>();
  for (const bytes of entries) {
    const { body } = decodeEntry(bytes);
    if (body.chain !== 'collection') throw new VaultError('BAD_CHAIN', 'not a collection chain entry');
    ids.add(bytesToHex(body.author.identity));
    if (body.op === 'genesis') ids.add(bytesToHex(body.args.owner));
    if (body.op === 'add-member') ids.add(bytesToHex(body.args.identity));
    if (body.op === 'genesis' || body.op === 'rotate-key') for (const seal of body.args.seals) ids.add(bytesToHex(seal.identity));
  }
  return [...ids];
}

export interface FetchedCollection {
  readonly entries: readonly Uint8Array[];
  readonly state: CollectionState;
  readonly epochKeys: Map<number, Uint8Array>;
  /** The validated identity chain of every identity the collection chain names, by hex id. */
  readonly identities: ReadonlyMap<string, IdentityState>;
}

/** Pull, validate (and check against `pin`) a collection chain, and open the keys `own` can open. */
export async function fetchCollectionKeys(
  transport: Pick<SyncTransport, 'collectionChain' | 'identityChain'>,
  collection: Uint8Array,
  own: IdentityState,
  userKeyOf: UserKeyOf,
  pin?: Position,
): Promise<FetchedCollection> {
  const page = await transport.collectionChain(collection, 0);
  const last = page.entries[page.entries.length - 1];
  if (last === undefined || !equalBytes(entryHash(last), page.head)) throw new VaultError('FORK', "the server's collection chain head is not its last entry's hash");
  if (pin !== undefined) checkExtendsPinned(page.entries, { length: pin.seq + 1, head: pin.head });
  const identities = new Map<string, IdentityState>([[bytesToHex(own.identityId), own]]);
  for (const hex of identitiesNamed(page.entries)) {
    if (identities.has(hex)) continue;
    const id = hexToBytes(hex);
    identities.set(hex, validateIdentityChain((await transport.identityChain(id, 0)).entries, id));
  }
  const state = validateCollectionChain(page.entries, (id) => identities.get(bytesToHex(id)));
  if (!equalBytes(state.collectionId, collection)) throw new VaultError('FORK', 'the server served the chain of another collection');
  return { entries: page.entries, state, epochKeys: await openEpochKeys(page.entries, own.identityId, userKeyOf), identities };
}
