/**
 * Collection chains (DESIGN.md §5, §8): the roster of one collection (the personal vault is a
 * collection with one member) as a hash-linked list of signed entries (entry.ts): genesis,
 * add-member, change-role, remove-member, rotate-key, policy. Rules (docs/chains.md), each checked at
 * the state just before the entry:
 * - the author is a device, trusted in its identity chain at the identity seq `at` it names, and
 *   that position never goes backwards for one identity within this chain (no backdating past a
 *   revocation); its identity is a current member (the owner, for the genesis) (UNTRUSTED_WRITER);
 * - membership, roles and policy follow collection-roles.ts (UNTRUSTED_WRITER);
 * - rotate-key: any member; epoch = previous + 1; seals to exactly the current members, each to a
 *   user-key generation no older than the one last used for that member and no newer than their
 *   identity chain knows (BAD_CHAIN); at least one owner always remains (BAD_CHAIN).
 * Identity chains come from a resolver that returns validated (pinned) identity states.
 */
import { equalBytes } from '../crypto/constant-time';
import { VaultError } from '../protocol/errors';
import { checkLink, decodeAt, keyOf } from './chain-link';
import { applyMembershipOp } from './collection-membership';
import { type Role, type Tier } from './collection-roles';
import { chainError, COLLECTION_ID_LENGTH, entrySignedBy, type CollectionBody, type Entry } from './entry';
import { deviceTrustedAt, type IdentityState } from './identity-chain';

/** Returns the validated state of a pinned identity chain, or undefined when it is not known. */
export type IdentityResolver = (identityId: Uint8Array) => IdentityState | undefined;

export interface MemberRecord {
  readonly identity: Uint8Array;
  readonly role: Role;
  /** The user-key generation this member's copy of the current key is sealed to. */
  readonly generation: number;
  readonly addedAt: number;
}

export interface EpochRecord {
  readonly epoch: number;
  readonly commitment: Uint8Array;
  readonly setAt: number;
}

export interface RoleChange {
  readonly seq: number;
  readonly role: Role | null;
}

export interface CollectionFields {
  readonly collectionId: Uint8Array;
  readonly length: number;
  readonly head: Uint8Array;
  /** Current members by hex identity id. */
  readonly members: ReadonlyMap<string, MemberRecord>;
  /** Every epoch, oldest first; all but the last are retired. */
  readonly epochs: readonly EpochRecord[];
  readonly policy: { readonly tier: Tier; readonly deviceApproval: boolean; readonly setAt: number };
  /** True after a member leaves or is removed, until the next rotate-key. */
  readonly rotationDue: boolean;
  /** The highest identity seq each identity's devices have signed at, by hex identity id. */
  readonly identityPositions: ReadonlyMap<string, number>;
  /** Role changes by hex identity id, in seq order (null: not a member from then on). */
  readonly roleHistory: ReadonlyMap<string, readonly RoleChange[]>;
}

export interface CollectionState extends CollectionFields {
  readonly epoch: number;
  readonly commitment: Uint8Array;
  /** The role of `identityId` just after entry `seq` (null: not a member, or seq beyond the head). */
  roleAt(identityId: Uint8Array, seq: number): Role | null;
}

/** Attach the derived fields and the role lookup to plain collection fields. */
export function collectionState(fields: CollectionFields): CollectionState {
  const current = fields.epochs[fields.epochs.length - 1];
  if (!current) throw new VaultError('BAD_CHAIN', 'a collection chain has at least one epoch');
  return {
    ...fields,
    epoch: current.epoch,
    commitment: current.commitment,
    roleAt(identityId: Uint8Array, seq: number): Role | null {
      if (!Number.isSafeInteger(seq) || seq < 0 || seq >= fields.length) return null;
      let role: Role | null = null;
      for (const change of fields.roleHistory.get(keyOf(identityId)) ?? []) {
        if (change.seq > seq) break;
        role = change.role;
      }
      return role;
    },
  };
}

/** Validate a whole collection chain from its genesis; refuses the first entry that breaks a rule. */
export function validateCollectionChain(entries: readonly Uint8Array[], resolve: IdentityResolver): CollectionState {
  const [genesis, ...rest] = entries;
  if (genesis === undefined) throw new VaultError('BAD_CHAIN', 'a collection chain starts with a genesis entry');
  return extendCollectionChain(applyCollectionEntry(null, decodeAt(genesis, 0), resolve), rest, resolve);
}

/** Validate entries that follow an already validated state (a chain served from a position). */
export function extendCollectionChain(state: CollectionState, entries: readonly Uint8Array[], resolve: IdentityResolver): CollectionState {
  return entries.reduce((current, bytes, index) => applyCollectionEntry(current, decodeAt(bytes, state.length + index), resolve), state);
}

/** The state after one more entry; `state` is null before the genesis. Never mutates `state`. */
export function applyCollectionEntry(state: CollectionState | null, entry: Entry, resolve: IdentityResolver): CollectionState {
  const body = entry.body;
  if (body.chain !== 'collection') throw chainError('BAD_CHAIN', body, 'not a collection chain entry');
  checkLink(state, body);
  if (state === null) return applyGenesis(entry, body, resolve);
  if (body.op === 'genesis') throw chainError('BAD_CHAIN', body, 'a genesis entry is only at seq 0');
  if (!equalBytes(body.chainId, state.collectionId)) throw chainError('BAD_CHAIN', body, 'entry belongs to another collection chain');
  authorize(entry, body, state.identityPositions, resolve);
  const author = state.members.get(keyOf(body.author.identity));
  if (!author) throw chainError('UNTRUSTED_WRITER', body, 'signed by a device of an identity that is not a member');
  const fields = applyMembershipOp(state, body, author, resolve);
  return collectionState({
    ...fields,
    length: state.length + 1,
    head: entry.hash,
    identityPositions: withPosition(state.identityPositions, body),
  });
}

function withPosition(positions: ReadonlyMap<string, number>, body: CollectionBody): Map<string, number> {
  const next = new Map(positions);
  next.set(keyOf(body.author.identity), body.author.at);
  return next;
}

/** The author device was trusted in its identity chain at `at`, not backdated, and signed the entry. */
function authorize(entry: Entry, body: CollectionBody, positions: ReadonlyMap<string, number>, resolve: IdentityResolver): void {
  const author = body.author;
  if (author.by !== 'device') throw chainError('UNTRUSTED_WRITER', body, 'collection entries are signed by devices');
  const identity = resolve(author.identity);
  if (!identity || !equalBytes(identity.identityId, author.identity)) {
    throw chainError('UNTRUSTED_WRITER', body, 'signed for an identity whose chain is not pinned');
  }
  if (author.at >= identity.length) {
    throw chainError('UNTRUSTED_WRITER', body, `names identity seq ${author.at}, beyond the pinned identity head (refresh that chain first)`);
  }
  const device = deviceTrustedAt(identity, author.id, author.at);
  if (!device) {
    throw chainError('UNTRUSTED_WRITER', body, `signed by a device not trusted at identity seq ${author.at}`);
  }
  const last = positions.get(keyOf(author.identity));
  if (last !== undefined && author.at < last) {
    throw chainError('UNTRUSTED_WRITER', body, `identity position ${author.at} is older than ${last} already used here (backdated)`);
  }
  if (!entrySignedBy(entry, device.signingKey)) {
    throw chainError('BAD_SIGNATURE', body, 'signature does not verify under the author device key');
  }
}

function applyGenesis(entry: Entry, body: CollectionBody, resolve: IdentityResolver): CollectionState {
  if (body.op !== 'genesis') throw chainError('BAD_CHAIN', body, 'seq 0 must be a genesis entry');
  if (body.chainId.length !== COLLECTION_ID_LENGTH) {
    throw chainError('BAD_CHAIN', body, `a collection id is ${COLLECTION_ID_LENGTH} bytes`);
  }
  if (!equalBytes(body.author.identity, body.args.owner)) {
    throw chainError('UNTRUSTED_WRITER', body, 'a genesis is signed by a device of its owner');
  }
  authorize(entry, body, new Map(), resolve);
  const [seal, ...rest] = body.args.seals;
  if (!seal || rest.length > 0 || !equalBytes(seal.identity, body.args.owner)) {
    throw chainError('BAD_CHAIN', body, 'a genesis seals the key to exactly its owner');
  }
  const owner = resolve(body.args.owner);
  if (!owner || seal.generation > owner.userKey.generation) {
    throw chainError('BAD_CHAIN', body, "a genesis seals to a user-key generation the owner's identity chain holds");
  }
  const ownerKey = keyOf(body.args.owner);
  return collectionState({
    collectionId: body.chainId,
    length: 1,
    head: entry.hash,
    members: new Map([[ownerKey, { identity: body.args.owner, role: 'owner', generation: seal.generation, addedAt: 0 }]]),
    epochs: [{ epoch: 0, commitment: body.args.commitment, setAt: 0 }],
    policy: { tier: 'normal', deviceApproval: false, setAt: 0 },
    rotationDue: false,
    identityPositions: new Map([[ownerKey, body.author.at]]),
    roleHistory: new Map([[ownerKey, [{ seq: 0, role: 'owner' }]]]),
  });
}
