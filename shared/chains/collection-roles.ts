/**
 * Roles and policy values of collection chains, and who may change membership (DESIGN.md §5, §8, §9):
 * - roles are owner > admin > editor > viewer; every member holds the collection key (a viewer can
 *   read every secret; "view but not see the password" is not offered);
 * - owners and admins add, remove and re-role members; granting, changing or removing owner or admin
 *   is for owners only; nobody promotes themselves; anyone may leave or step down;
 * - policy (tier, device approval) is set by owners and admins.
 * Each rule returns the reason it refuses, or null; collection-chain.ts turns that into
 * UNTRUSTED_WRITER with the entry's position.
 */

export const ROLES = ['owner', 'admin', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Collection tiers (DESIGN.md §9). */
export const TIERS = ['local-only', 'normal', 'sensitive', 'high-risk'] as const;
export type Tier = (typeof TIERS)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isTier(value: string): value is Tier {
  return (TIERS as readonly string[]).includes(value);
}

/** Higher is more powerful: owner 3, admin 2, editor 1, viewer 0. */
export function roleRank(role: Role): number {
  return ROLES.length - 1 - ROLES.indexOf(role);
}

function managesMembers(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}

function privileged(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}

/** May `actor` add a member with `role`? */
export function refuseAdd(actor: Role, role: Role): string | null {
  if (!managesMembers(actor)) return `a ${actor} cannot add members (owners and admins only)`;
  if (privileged(role) && actor !== 'owner') return `only an owner may grant ${role}`;
  return null;
}

/** May `actor` change a member from `from` to `to`? `self` when the actor changes their own role. */
export function refuseChangeRole(actor: Role, from: Role, to: Role, self: boolean): string | null {
  if (self) {
    return roleRank(to) > roleRank(from) ? 'no self-promotion' : null;
  }
  if (!managesMembers(actor)) return `a ${actor} cannot change roles (owners and admins only)`;
  if ((privileged(from) || privileged(to)) && actor !== 'owner') {
    return 'only an owner may grant, change or take away owner or admin';
  }
  return null;
}

/** May `actor` remove a member holding `role`? `self` when the actor leaves. */
export function refuseRemove(actor: Role, role: Role, self: boolean): string | null {
  if (self) return null;
  if (!managesMembers(actor)) return `a ${actor} cannot remove members (owners and admins only)`;
  if (privileged(role) && actor !== 'owner') return `only an owner may remove an ${role}`;
  return null;
}

/** May `actor` set the collection's policy? */
export function refusePolicy(actor: Role): string | null {
  return managesMembers(actor) ? null : `a ${actor} cannot set the policy (owners and admins only)`;
}
