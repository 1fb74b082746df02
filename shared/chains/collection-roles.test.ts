import { describe, expect, it } from 'vitest';
import { isRole, isTier, refuseAdd, refuseChangeRole, refusePolicy, refuseRemove, ROLES, roleRank, type Role } from './collection-roles';

const managers: readonly Role[] = ['owner', 'admin'];
const privileged = (role: Role): boolean => role === 'owner' || role === 'admin';

describe('collection roles (DESIGN.md §5, §8): the whole matrix', () => {
  it('ranks owner > admin > editor > viewer and knows only those roles and the four tiers', () => {
    expect(ROLES.map(roleRank)).toEqual([3, 2, 1, 0]);
    expect(isRole('owner') && isRole('viewer') && !isRole('root') && !isRole('Owner')).toBe(true);
    expect(isTier('high-risk') && isTier('local-only') && !isTier('none')).toBe(true);
  });

  it('lets only owners and admins add, and only owners grant owner or admin', () => {
    for (const actor of ROLES) {
      for (const role of ROLES) {
        const allowed = managers.includes(actor) && (!privileged(role) || actor === 'owner');
        expect(refuseAdd(actor, role) === null, `${actor} adds ${role}`).toBe(allowed);
      }
    }
  });

  it('refuses every self-promotion and allows every stepping down', () => {
    for (const actor of ROLES) {
      for (const to of ROLES) {
        if (to === actor) continue;
        const refused = refuseChangeRole(actor, actor, to, true);
        expect(refused === null, `${actor} to ${to}`).toBe(roleRank(to) < roleRank(actor));
      }
    }
  });

  it("lets owners change anyone's role and admins only between editor and viewer", () => {
    for (const actor of ROLES) {
      for (const from of ROLES) {
        for (const to of ROLES) {
          if (from === to) continue;
          const allowed = managers.includes(actor) && (actor === 'owner' || (!privileged(from) && !privileged(to)));
          expect(refuseChangeRole(actor, from, to, false) === null, `${actor}: ${from} to ${to}`).toBe(allowed);
        }
      }
    }
  });

  it('lets anyone leave, owners remove anyone, admins remove editors and viewers', () => {
    for (const actor of ROLES) {
      expect(refuseRemove(actor, actor, true)).toBeNull();
      for (const role of ROLES) {
        const allowed = managers.includes(actor) && (actor === 'owner' || !privileged(role));
        expect(refuseRemove(actor, role, false) === null, `${actor} removes ${role}`).toBe(allowed);
      }
    }
  });

  it('lets only owners and admins set the policy', () => {
    expect(ROLES.filter((role) => refusePolicy(role) === null)).toEqual(['owner', 'admin']);
  });
});
