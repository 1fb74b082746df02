/**
 * Building and signing the next entry of an identity chain or a collection chain (DESIGN.md §5).
 *
 * Appends are compare-and-swap: the caller passes the head it believes is the chain's head (the one
 * it will send as `prev`); if the validated state it holds has moved on, the append is refused
 * (CONFLICT) and the caller re-validates its rights at the new head and re-signs. Every entry built
 * here is run through the same validator that readers use before its bytes are returned, so a
 * client never signs an entry that other clients would refuse (UNTRUSTED_WRITER, BAD_CHAIN).
 *
 * Writers are held to more than readers: a validator accepts a seal to any user-key generation up to
 * the member's newest (it re-checks history with today's identity chains), but a new genesis,
 * add-member or rotate-key seals only to each member's current generation (BAD_INPUT), so a device
 * revoked from a member's identity, which may hold an older user key, opens nothing new.
 */
import { equalBytes } from '../crypto/constant-time';
import { signingKeyPairFromSeed } from '../crypto/ed25519';
import { VaultError } from '../protocol/errors';
import { decodeEntry, GENESIS_PREV, signEntry, type CollectionOp, type IdentityOp } from './entry';
import { applyCollectionEntry, type CollectionState, type IdentityResolver } from './collection-chain';
import { applyIdentityEntry, type IdentityState } from './identity-chain';

/** The signed bytes of a new entry, its hash, and the chain state after it. */
export interface Appended<S> {
  readonly bytes: Uint8Array;
  readonly hash: Uint8Array;
  readonly state: S;
}

/** Signs identity-chain entries: a device (id = device id) or the recovery key (id = its signing key). */
export interface IdentitySigner {
  readonly by: 'device' | 'recovery';
  readonly id: Uint8Array;
  readonly seed: Uint8Array;
}

/** Signs collection-chain entries: a device of a member identity, trusted at identity seq `at`. */
export interface CollectionSigner {
  readonly identity: Uint8Array;
  readonly deviceId: Uint8Array;
  readonly seed: Uint8Array;
  readonly at: number;
}

export interface GenesisDevice {
  readonly deviceId: Uint8Array;
  readonly seed: Uint8Array;
  readonly x25519Key: Uint8Array;
}

type MemberSeal = { readonly identity: Uint8Array; readonly generation: number };

function sealsOf(op: CollectionOp): MemberSeal[] {
  if (op.op === 'add-member') return [op.args];
  if (op.op === 'genesis' || op.op === 'rotate-key') return op.args.seals;
  return [];
}

/** Refuse sealing a collection key to anything but each member's current user-key generation. */
function checkCurrentGenerations(op: CollectionOp, resolve: IdentityResolver): void {
  for (const seal of sealsOf(op)) {
    const current = resolve(seal.identity)?.userKey.generation;
    if (current !== undefined && seal.generation !== current) {
      throw new VaultError('BAD_INPUT', `seal to user-key generation ${current}, the member's current one, not ${seal.generation}`);
    }
  }
}

function checkHead(state: { readonly head: Uint8Array }, believedHead: Uint8Array): void {
  if (!equalBytes(state.head, believedHead)) {
    throw new VaultError('CONFLICT', 'the chain head moved: re-validate at the new head and re-sign');
  }
}

/** The first entry of a new identity chain; its hash is the identity id and vault fingerprint. */
export function createIdentityGenesis(device: GenesisDevice, userKey: Uint8Array, time: number = Date.now()): Appended<IdentityState> {
  const signingKey = signingKeyPairFromSeed(device.seed).publicKey;
  const bytes = signEntry(
    {
      chain: 'identity',
      chainId: new Uint8Array(0),
      seq: 0,
      prev: GENESIS_PREV,
      author: { by: 'device', identity: new Uint8Array(0), id: device.deviceId },
      time,
      op: 'genesis',
      args: { deviceId: device.deviceId, signingKey, x25519Key: device.x25519Key, userKey },
    },
    device.seed,
  );
  const state = applyIdentityEntry(null, decodeEntry(bytes));
  return { bytes, hash: state.head, state };
}

/** The next entry of an identity chain whose head the caller believes is `believedHead`. */
export function appendIdentityEntry(
  state: IdentityState,
  believedHead: Uint8Array,
  signer: IdentitySigner,
  op: Exclude<IdentityOp, { op: 'genesis' }>,
  time: number = Date.now(),
): Appended<IdentityState> {
  checkHead(state, believedHead);
  const bytes = signEntry(
    {
      chain: 'identity',
      chainId: state.identityId,
      seq: state.length,
      prev: state.head,
      author: { by: signer.by, identity: state.identityId, id: signer.id },
      time,
      ...op,
    },
    signer.seed,
  );
  const next = applyIdentityEntry(state, decodeEntry(bytes));
  return { bytes, hash: next.head, state: next };
}

/** The first entry of a new collection chain, by a device of its owner. */
export function createCollectionGenesis(
  collectionId: Uint8Array,
  signer: CollectionSigner,
  args: Extract<CollectionOp, { op: 'genesis' }>['args'],
  resolve: IdentityResolver,
  time: number = Date.now(),
): Appended<CollectionState> {
  checkCurrentGenerations({ op: 'genesis', args }, resolve);
  const bytes = signEntry(
    {
      chain: 'collection',
      chainId: collectionId,
      seq: 0,
      prev: GENESIS_PREV,
      author: { by: 'device', identity: signer.identity, id: signer.deviceId, at: signer.at },
      time,
      op: 'genesis',
      args,
    },
    signer.seed,
  );
  const state = applyCollectionEntry(null, decodeEntry(bytes), resolve);
  return { bytes, hash: state.head, state };
}

/** The next entry of a collection chain whose head the caller believes is `believedHead`. */
export function appendCollectionEntry(
  state: CollectionState,
  believedHead: Uint8Array,
  signer: CollectionSigner,
  op: Exclude<CollectionOp, { op: 'genesis' }>,
  resolve: IdentityResolver,
  time: number = Date.now(),
): Appended<CollectionState> {
  checkHead(state, believedHead);
  checkCurrentGenerations(op, resolve);
  const bytes = signEntry(
    {
      chain: 'collection',
      chainId: state.collectionId,
      seq: state.length,
      prev: state.head,
      author: { by: 'device', identity: signer.identity, id: signer.deviceId, at: signer.at },
      time,
      ...op,
    },
    signer.seed,
  );
  const next = applyCollectionEntry(state, decodeEntry(bytes), resolve);
  return { bytes, hash: next.head, state: next };
}
