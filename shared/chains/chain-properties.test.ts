/**
 * Property tests for both chains: random sequences of appends, checked against a small independent
 * model of the rules (who is trusted, who holds which role), and the whole chain re-validated from
 * its bytes, from any prefix, and refused once any entry is dropped or two are swapped.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VaultError } from '../protocol/errors';
import { extendCollectionChain, validateCollectionChain } from './collection-chain';
import { roleRank, ROLES, type Role } from './collection-roles';
import { deviceTrustedAt, extendIdentityChain, validateIdentityChain } from './identity-chain';
import { addOp, changeRole, Team } from './team-fixtures';
import { deviceSigner, recoverySigner, TestIdentity, type TestDevice } from './test-fixtures';

const identityAction = fc.record({
  kind: fc.constantFrom('add', 'revoke', 'rotate', 'set-recovery', 'revoke-recovery'),
  signer: fc.nat(7),
  target: fc.nat(7),
  byRecovery: fc.boolean(),
});

function accepted(action: () => void): boolean {
  try {
    action();
    return true;
  } catch (error) {
    if (error instanceof VaultError && ['UNTRUSTED_WRITER', 'BAD_CHAIN'].includes(error.code)) return false;
    throw error;
  }
}

function checkRelinking(entries: readonly Uint8Array[], validate: (entries: readonly Uint8Array[]) => unknown): void {
  const positions = new Set([1, Math.floor(entries.length / 2), entries.length - 2].filter((i) => i >= 1 && i + 1 < entries.length));
  for (const i of positions) {
    const dropped = [...entries.slice(0, i), ...entries.slice(i + 1)];
    expect(() => validate(dropped)).toThrow(VaultError);
    const swapped = [...entries];
    [swapped[i], swapped[i + 1]] = [swapped[i + 1] as Uint8Array, swapped[i] as Uint8Array];
    expect(() => validate(swapped)).toThrow(VaultError);
  }
}

describe('identity chains under random appends (property)', () => {
  it('accepts exactly what the model allows, and re-validates from bytes and from any prefix', () => {
    fc.assert(
      fc.property(fc.array(identityAction, { maxLength: 16 }), (actions) => {
        const alice = new TestIdentity();
        const devices: TestDevice[] = [alice.first];
        const trusted = new Set<TestDevice>([alice.first]);
        for (const action of actions) {
          const device = devices[action.signer % devices.length] as TestDevice;
          const useRecovery = action.byRecovery && alice.recovery !== null;
          const signer = useRecovery && alice.recovery ? recoverySigner(alice.recovery) : deviceSigner(device);
          const signerOk = useRecovery || trusted.has(device);
          const target = devices[action.target % devices.length] as TestDevice;
          if (action.kind === 'add') {
            const ok = accepted(() => devices.push(alice.addDevice(signer)));
            expect(ok).toBe(signerOk);
            if (ok) trusted.add(devices[devices.length - 1] as TestDevice);
          } else if (action.kind === 'revoke') {
            const ok = accepted(() => alice.revoke(signer, target));
            expect(ok).toBe(signerOk && trusted.has(target) && trusted.size > 1);
            if (ok) trusted.delete(target);
          } else if (action.kind === 'rotate') {
            expect(accepted(() => alice.rotate(signer))).toBe(signerOk);
          } else if (action.kind === 'set-recovery') {
            expect(accepted(() => alice.setRecovery(signer))).toBe(signerOk);
          } else {
            const hadRecovery = alice.state.recoveryKey !== null;
            const ok = accepted(() => alice.append(signer, { op: 'revoke-recovery-key', args: {} }));
            expect(ok).toBe(signerOk && hadRecovery);
            if (ok) alice.recovery = null;
          }
        }
        const state = validateIdentityChain(alice.entries, alice.id);
        expect(state.head).toEqual(alice.state.head);
        for (const device of devices) expect(deviceTrustedAt(state, device.deviceId, state.length - 1) !== undefined).toBe(trusted.has(device));
        const cut = Math.max(1, Math.floor(alice.entries.length / 2));
        const prefix = validateIdentityChain(alice.entries.slice(0, cut));
        expect(extendIdentityChain(prefix, alice.entries.slice(cut)).head).toEqual(state.head);
        checkRelinking(alice.entries, (entries) => validateIdentityChain(entries));
      }),
      { numRuns: 40 },
    );
  });
});

const collectionAction = fc.record({
  kind: fc.constantFrom('add', 'change', 'remove', 'rotate'),
  actor: fc.nat(3),
  target: fc.nat(3),
  role: fc.constantFrom(...ROLES),
});

/** The rules of DESIGN.md §5 restated independently of collection-roles.ts. */
function modelAllows(roles: Map<number, Role>, kind: string, actor: number, target: number, role: Role): boolean {
  const mine = roles.get(actor);
  const theirs = roles.get(target);
  if (mine === undefined) return false;
  if (kind === 'rotate') return true;
  const manager = mine === 'owner' || mine === 'admin';
  const high = (r: Role | undefined): boolean => r === 'owner' || r === 'admin';
  const after = new Map(roles);
  if (kind === 'add') return theirs === undefined && manager && (!high(role) || mine === 'owner');
  if (theirs === undefined) return false;
  if (kind === 'remove') after.delete(target);
  else after.set(target, role);
  const ownerLeft = [...after.values()].includes('owner');
  if (kind === 'remove') return ownerLeft && (actor === target || (manager && (mine === 'owner' || !high(theirs))));
  if (role === theirs || !ownerLeft) return false;
  if (actor === target) return roleRank(role) < roleRank(theirs);
  return manager && (mine === 'owner' || (!high(theirs) && !high(role)));
}

describe('collection chains under random appends (property)', () => {
  it('accepts exactly what the model of the role rules allows, and roleAt matches the model at every seq', () => {
    fc.assert(
      fc.property(fc.array(collectionAction, { maxLength: 18 }), (actions) => {
        const team = new Team();
        const people = team.people();
        const roles = new Map<number, Role>([[0, 'owner']]);
        const history: Map<number, Role>[] = [new Map(roles)];
        for (const { kind, actor, target, role } of actions) {
          const by = people[actor] as TestIdentity;
          const who = people[target] as TestIdentity;
          const op =
            kind === 'add' ? addOp(who, role)
            : kind === 'change' ? changeRole(who, role)
            : kind === 'remove' ? ({ op: 'remove-member', args: { identity: who.id } } as const)
            : team.rotateOp();
          const ok = accepted(() => team.append(by, op));
          expect(ok, `${kind} by ${actor} on ${target} as ${role}`).toBe(modelAllows(roles, kind, actor, target, role));
          if (!ok) continue;
          if (kind === 'add' || kind === 'change') roles.set(target, role);
          if (kind === 'remove') roles.delete(target);
          history.push(new Map(roles));
        }
        const state = validateCollectionChain(team.entries, team.resolve);
        history.forEach((expected, seq) => {
          people.forEach((person, index) => expect(state.roleAt(person.id, seq)).toBe(expected.get(index) ?? null));
        });
        const prefix = validateCollectionChain(team.entries.slice(0, 1), team.resolve);
        expect(extendCollectionChain(prefix, team.entries.slice(1), team.resolve).head).toEqual(state.head);
        checkRelinking(team.entries, (entries) => validateCollectionChain(entries, team.resolve));
      }),
      { numRuns: 40 },
    );
  });
});
