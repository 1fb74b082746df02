/**
 * The effect of one non-genesis collection-chain entry on the roster (DESIGN.md §5): add-member,
 * change-role, remove-member, rotate-key, policy. The author has already been authorised as a
 * trusted device of a current member (collection-chain.ts); here the member's role is checked against
 * collection-roles.ts (UNTRUSTED_WRITER) and the entry's content against the roster (BAD_CHAIN):
 * members exist or not as the op needs, at least one owner remains, epochs go up by one, and a
 * rotate-key seals to exactly the current members at user-key generations that never go backwards.
 */
import { keyOf } from './chain-link';
import type { CollectionFields, CollectionState, IdentityResolver, MemberRecord, RoleChange } from './collection-chain';
import { isRole, isTier, refuseAdd, refuseChangeRole, refusePolicy, refuseRemove, type Role } from './collection-roles';
import { chainError, type CollectionBody, type CollectionOp } from './entry';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Fields = Mutable<CollectionFields>;
type Args<O extends CollectionOp['op']> = Extract<CollectionOp, { op: O }>['args'];

function refuseIf(reason: string | null, body: CollectionBody): void {
  if (reason !== null) throw chainError('UNTRUSTED_WRITER', body, reason);
}

function roleOf(value: string, body: CollectionBody): Role {
  if (!isRole(value)) throw chainError('BAD_CHAIN', body, `unknown role "${value}"`);
  return value;
}

/** The roster fields after `body`, authored by a device of `author`. Never mutates `state`. */
export function applyMembershipOp(state: CollectionState, body: CollectionBody, author: MemberRecord, resolve: IdentityResolver): Fields {
  const next: Fields = { ...state, members: new Map(state.members), roleHistory: new Map(state.roleHistory) };
  switch (body.op) {
    case 'genesis':
      throw chainError('BAD_CHAIN', body, 'a genesis entry is only at seq 0');
    case 'add-member':
      return addMember(next, body.args, author, body, resolve);
    case 'change-role':
      return changeRole(next, body.args, author, body);
    case 'remove-member':
      return removeMember(next, body.args.identity, author, body);
    case 'rotate-key':
      return rotateKey(next, body.args, body, resolve);
    case 'policy':
      refuseIf(refusePolicy(author.role), body);
      if (!isTier(body.args.tier)) throw chainError('BAD_CHAIN', body, `unknown tier "${body.args.tier}"`);
      next.policy = { tier: body.args.tier, deviceApproval: body.args.deviceApproval, setAt: body.seq };
      return next;
  }
}

function setRole(next: Fields, identity: Uint8Array, member: MemberRecord | null, seq: number): void {
  const key = keyOf(identity);
  const members = new Map(next.members);
  if (member) members.set(key, member);
  else members.delete(key);
  next.members = members;
  const history: RoleChange[] = [...(next.roleHistory.get(key) ?? []), { seq, role: member?.role ?? null }];
  const roleHistory = new Map(next.roleHistory);
  roleHistory.set(key, history);
  next.roleHistory = roleHistory;
}

function checkOwnerRemains(next: Fields, body: CollectionBody): void {
  if (![...next.members.values()].some((member) => member.role === 'owner')) {
    throw chainError('BAD_CHAIN', body, 'would leave the collection without an owner');
  }
}

function knownGeneration(identity: Uint8Array, generation: number, body: CollectionBody, resolve: IdentityResolver): void {
  const state = resolve(identity);
  if (!state) throw chainError('BAD_CHAIN', body, 'names a member whose identity chain is not pinned');
  if (generation > state.userKey.generation) {
    throw chainError('BAD_CHAIN', body, `user-key generation ${generation} is not in the member's identity chain`);
  }
}

function addMember(next: Fields, args: Args<'add-member'>, author: MemberRecord, body: CollectionBody, resolve: IdentityResolver): Fields {
  const role = roleOf(args.role, body);
  refuseIf(refuseAdd(author.role, role), body);
  if (next.members.has(keyOf(args.identity))) throw chainError('BAD_CHAIN', body, 'adds an identity that is already a member');
  knownGeneration(args.identity, args.generation, body, resolve);
  setRole(next, args.identity, { identity: args.identity, role, generation: args.generation, addedAt: body.seq }, body.seq);
  return next;
}

function changeRole(next: Fields, args: Args<'change-role'>, author: MemberRecord, body: CollectionBody): Fields {
  const role = roleOf(args.role, body);
  const member = next.members.get(keyOf(args.identity));
  if (!member) throw chainError('BAD_CHAIN', body, 'changes the role of an identity that is not a member');
  if (member.role === role) throw chainError('BAD_CHAIN', body, 'changes a role to the role already held');
  const self = keyOf(args.identity) === keyOf(author.identity);
  refuseIf(refuseChangeRole(author.role, member.role, role, self), body);
  setRole(next, args.identity, { ...member, role }, body.seq);
  checkOwnerRemains(next, body);
  return next;
}

function removeMember(next: Fields, identity: Uint8Array, author: MemberRecord, body: CollectionBody): Fields {
  const member = next.members.get(keyOf(identity));
  if (!member) throw chainError('BAD_CHAIN', body, 'removes an identity that is not a member');
  refuseIf(refuseRemove(author.role, member.role, keyOf(identity) === keyOf(author.identity)), body);
  setRole(next, identity, null, body.seq);
  checkOwnerRemains(next, body);
  next.rotationDue = true;
  return next;
}

function rotateKey(next: Fields, args: Args<'rotate-key'>, body: CollectionBody, resolve: IdentityResolver): Fields {
  const current = next.epochs[next.epochs.length - 1]?.epoch ?? 0;
  if (args.epoch !== current + 1) throw chainError('BAD_CHAIN', body, `epoch must be ${current + 1}`);
  const named = new Set(args.seals.map((seal) => keyOf(seal.identity)));
  const exact = named.size === args.seals.length && named.size === next.members.size && [...named].every((key) => next.members.has(key));
  if (!exact) throw chainError('BAD_CHAIN', body, 'seals must name exactly the current members, once each');
  const members = new Map(next.members);
  for (const seal of args.seals) {
    const member = members.get(keyOf(seal.identity));
    if (!member) continue;
    if (seal.generation < member.generation) {
      throw chainError('BAD_CHAIN', body, `seals to user-key generation ${seal.generation}, older than ${member.generation}`);
    }
    knownGeneration(seal.identity, seal.generation, body, resolve);
    members.set(keyOf(seal.identity), { ...member, generation: seal.generation });
  }
  next.members = members;
  next.epochs = [...next.epochs, { epoch: args.epoch, commitment: args.commitment, setAt: body.seq }];
  next.rotationDue = false;
  return next;
}
