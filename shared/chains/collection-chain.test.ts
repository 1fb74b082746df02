import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VaultError } from '../protocol/errors';
import { validateCollectionChain } from './collection-chain';
import type { Role } from './collection-roles';
import { decodeEntry, type CollectionBody } from './entry';
import { addOp, changeRole, Team } from './team-fixtures';
import { deviceSigner, forge, TestIdentity } from './test-fixtures';

describe('collection chain genesis (DESIGN.md §5)', () => {
  it('makes the owner the only member at epoch 0', () => {
    const team = new Team();
    const state = validateCollectionChain(team.entries, team.resolve);
    expect(state.members.size).toBe(1);
    expect(state.epoch).toBe(0);
    expect(state.roleAt(team.alice.id, 0)).toBe('owner');
    expect(state.roleAt(team.bob.id, 0)).toBeNull();
    expect(state.policy).toEqual({ tier: 'normal', deviceApproval: false, setAt: 0 });
  });

  it("refuses a genesis signed by a device of someone other than its owner", () => {
    const team = new Team();
    const signer = team.bob.collectionSigner(team.bob.first);
    const genesis = decodeEntry(team.entries[0] as Uint8Array).body as CollectionBody;
    const forged = forge({ ...genesis, author: { by: 'device', identity: team.bob.id, id: team.bob.first.deviceId, at: 0 } }, signer.seed);
    expect(() => validateCollectionChain([forged], team.resolve)).toThrow(/signed by a device of its owner/);
  });

  it('refuses a genesis that seals the first key to anyone but exactly its owner', () => {
    const team = new Team();
    const genesis = decodeEntry(team.entries[0] as Uint8Array).body as CollectionBody;
    if (genesis.op !== 'genesis') throw new Error('not a genesis');
    const seed = team.alice.first.signing.seed;
    const extra = forge({ ...genesis, args: { ...genesis.args, seals: [...genesis.args.seals, team.sealFor(team.bob)] } }, seed);
    expect(() => validateCollectionChain([extra], team.resolve)).toThrow(/exactly its owner/);
    const future = forge({ ...genesis, args: { ...genesis.args, seals: [{ ...team.sealFor(team.alice), generation: 5 }] } }, seed);
    expect(() => validateCollectionChain([future], team.resolve)).toThrow(VaultError);
  });
});

describe('authors are trusted devices of members, at a position that never goes backwards', () => {
  it('refuses an entry by a device revoked in its identity chain', () => {
    const team = new Team();
    team.add(team.alice, team.bob, 'admin');
    const laptop = team.bob.addDevice(deviceSigner(team.bob.first));
    team.bob.revoke(deviceSigner(team.bob.first), laptop);
    const error = team.refusal(team.forged(team.bob.collectionSigner(laptop), addOp(team.carol, 'viewer')));
    expect(error.code).toBe('UNTRUSTED_WRITER');
    expect(error.message).toMatch(/not trusted at identity seq 2/);
  });

  it('refuses a revoked device backdating its entry to before its revocation', () => {
    const team = new Team();
    team.add(team.alice, team.bob, 'admin');
    const laptop = team.bob.addDevice(deviceSigner(team.bob.first));
    team.append(team.bob.collectionSigner(laptop), addOp(team.carol, 'viewer'));
    team.bob.revoke(deviceSigner(team.bob.first), laptop);
    team.append(team.bob, team.rotateOp());
    const backdated = team.forged(team.bob.collectionSigner(laptop, 1), addOp(team.dave, 'viewer'));
    expect(team.refusal(backdated).message).toMatch(/older than 2 already used here \(backdated\)/);
    expect(validateCollectionChain(team.entries, team.resolve).length).toBe(4);
  });

  it('keeps entries made before a revocation valid afterwards', () => {
    const team = new Team();
    const laptop = team.alice.addDevice(deviceSigner(team.alice.first));
    team.append(team.alice.collectionSigner(laptop), addOp(team.bob, 'viewer'));
    team.alice.revoke(deviceSigner(team.alice.first), laptop);
    expect(validateCollectionChain(team.entries, team.resolve).members.size).toBe(2);
  });

  it('refuses an author whose identity chain is not pinned, a position beyond its head, and a recovery-key author', () => {
    const team = new Team();
    const stranger = new TestIdentity();
    expect(team.refusalOf(stranger, team.rotateOp()).message).toMatch(/not pinned/);
    expect(team.refusal(team.forged(team.alice.collectionSigner(team.alice.first, 5), team.rotateOp())).message).toMatch(/beyond the pinned identity head/);
    const signer = team.alice.collectionSigner(team.alice.first);
    const byRecovery = team.forged(signer, team.rotateOp(), { author: { by: 'recovery', identity: signer.identity, id: signer.deviceId, at: 0 } as unknown as CollectionBody['author'] });
    expect(team.refusal(byRecovery).message).toMatch(/signed by devices/);
  });

  it('refuses a signature by another key than the named device (BAD_SIGNATURE)', () => {
    const team = new Team();
    const signer = { ...team.alice.collectionSigner(team.alice.first), seed: team.bob.first.signing.seed };
    expect(team.refusal(team.forged(signer, team.rotateOp())).code).toBe('BAD_SIGNATURE');
  });
});

describe('links between collection-chain entries', () => {
  function grown(): Team {
    const team = new Team();
    team.add(team.alice, team.bob, 'admin');
    team.add(team.bob, team.carol, 'editor');
    team.append(team.carol, team.rotateOp());
    return team;
  }

  it('refuses a forked chain (two entries at one seq)', () => {
    const team = grown();
    const base = validateCollectionChain(team.entries.slice(0, 3), team.resolve);
    const branch = team.forged(team.alice.collectionSigner(team.alice.first), addOp(team.dave, 'viewer'), {}, base);
    expect(() => validateCollectionChain([...team.entries, branch], team.resolve)).toThrow(expect.objectContaining({ code: 'FORK' }));
  });

  it('refuses reordered entries and an entry spliced in from another collection', () => {
    const team = grown();
    const [g, a, b, c] = team.entries as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    expect(() => validateCollectionChain([g, b, a, c], team.resolve)).toThrow(expect.objectContaining({ code: 'BAD_CHAIN' }));
    const other = new Team();
    const signer = team.alice.collectionSigner(team.alice.first);
    expect(team.refusal(team.forged(signer, team.rotateOp(), { chainId: other.state.collectionId })).message).toMatch(/another collection/);
  });

  it('refuses any single flipped bit anywhere in any entry (property)', () => {
    const team = grown();
    const total = team.entries.reduce((n, e) => n + e.length, 0);
    fc.assert(
      fc.property(fc.nat(total - 1), fc.integer({ min: 0, max: 7 }), (position, bit) => {
        const entries = team.entries.map((e) => e.slice());
        let at = position;
        let index = 0;
        while (at >= (entries[index]?.length ?? 0)) at -= entries[index++]?.length ?? 0;
        const target = entries[index] as Uint8Array;
        target[at] = (target[at] ?? 0) ^ (1 << bit);
        expect(() => validateCollectionChain(entries, team.resolve)).toThrow(VaultError);
      }),
      { numRuns: 300 },
    );
  });

  it('answers roleAt for every position of a long chain of joins, role changes, removals and rotations', () => {
    const team = new Team();
    const expected: { seq: number; bob: Role | null }[] = [{ seq: 0, bob: null }];
    const roles: Role[] = ['viewer', 'editor', 'admin', 'editor', 'viewer'];
    for (let round = 0; round < 8; round++) {
      team.add(team.alice, team.bob, 'viewer');
      expected.push({ seq: team.state.length - 1, bob: 'viewer' });
      for (const role of roles.slice(1)) {
        team.append(team.alice, changeRole(team.bob, role));
        expected.push({ seq: team.state.length - 1, bob: role });
      }
      team.append(team.alice, { op: 'remove-member', args: { identity: team.bob.id } });
      expected.push({ seq: team.state.length - 1, bob: null });
      team.append(team.alice, team.rotateOp());
      expected.push({ seq: team.state.length - 1, bob: null });
    }
    const state = validateCollectionChain(team.entries, team.resolve);
    expect(state.length).toBe(57);
    expect(state.epoch).toBe(8);
    for (const { seq, bob } of expected) expect(state.roleAt(team.bob.id, seq)).toBe(bob);
    expect(state.roleAt(team.alice.id, 56)).toBe('owner');
    expect(state.roleAt(team.alice.id, 57)).toBeNull();
  });
});
