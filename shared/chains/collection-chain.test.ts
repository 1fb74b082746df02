import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equalBytes } from '../crypto/constant-time';
import { openKey, sealKey } from '../crypto/hpke';
import { checkKeyCommitment, keyCommitment } from '../crypto/key-commitment';
import { randomBytes } from '../crypto/random';
import { VaultError } from '../protocol/errors';
import { keyOf } from './chain-link';
import { appendCollectionEntry, createCollectionGenesis, type CollectionSigner } from './append';
import { validateCollectionChain, type CollectionState, type IdentityResolver } from './collection-chain';
import type { Role } from './collection-roles';
import { decodeEntry, type CollectionBody, type CollectionOp } from './entry';
import { deviceSigner, forge, opaqueSeal, TestIdentity } from './test-fixtures';

type Op = Exclude<CollectionOp, { op: 'genesis' }>;

/** Alice owns the collection; Bob, Carol and Dave are other people with their own identity chains. */
class Team {
  readonly alice = new TestIdentity();
  readonly bob = new TestIdentity();
  readonly carol = new TestIdentity();
  readonly dave = new TestIdentity();
  readonly entries: Uint8Array[] = [];
  state: CollectionState;
  readonly resolve: IdentityResolver = (id) => this.people().find((p) => equalBytes(p.id, id))?.state;

  constructor() {
    const genesis = createCollectionGenesis(
      randomBytes(16),
      this.alice.collectionSigner(this.alice.first),
      { owner: this.alice.id, commitment: keyCommitment(randomBytes(32)), seals: [this.sealFor(this.alice)] },
      this.resolve,
    );
    this.entries.push(genesis.bytes);
    this.state = genesis.state;
  }

  people(): TestIdentity[] {
    return [this.alice, this.bob, this.carol, this.dave];
  }

  sealFor(person: TestIdentity): { identity: Uint8Array; generation: number; sealed: Uint8Array } {
    return { identity: person.id, generation: person.state.userKey.generation, sealed: opaqueSeal() };
  }

  append(by: TestIdentity | CollectionSigner, op: Op): void {
    const signer = by instanceof TestIdentity ? by.collectionSigner(by.first) : by;
    const appended = appendCollectionEntry(this.state, this.state.head, signer, op, this.resolve);
    this.entries.push(appended.bytes);
    this.state = appended.state;
  }

  add(by: TestIdentity, who: TestIdentity, role: Role): void {
    this.append(by, { op: 'add-member', args: { identity: who.id, generation: who.state.userKey.generation, role, seal: opaqueSeal() } });
  }

  rotateOp(members: readonly TestIdentity[] = this.members()): Op {
    const seals = members.map((person) => this.sealFor(person));
    return { op: 'rotate-key', args: { epoch: this.state.epoch + 1, commitment: keyCommitment(randomBytes(32)), seals } };
  }

  members(): TestIdentity[] {
    return this.people().filter((p) => this.state.roleAt(p.id, this.state.length - 1) !== null);
  }

  /** Sign `op` at the head as `signer` without the append-time check: what a misbehaving client sends. */
  forged(signer: CollectionSigner, op: Op | CollectionOp, changes: Partial<CollectionBody> = {}, at: CollectionState = this.state): Uint8Array {
    const body = {
      chain: 'collection',
      chainId: at.collectionId,
      seq: at.length,
      prev: at.head,
      author: { by: 'device', identity: signer.identity, id: signer.deviceId, at: signer.at },
      time: 1_800_000_000_000,
      ...op,
      ...changes,
    } as CollectionBody;
    return forge(body, signer.seed);
  }

  refusal(extra: Uint8Array): VaultError {
    try {
      validateCollectionChain([...this.entries, extra], this.resolve);
    } catch (error) {
      if (error instanceof VaultError) return error;
      throw error;
    }
    throw new Error('the chain was accepted');
  }

  refusalOf(by: TestIdentity, op: Op | CollectionOp): VaultError {
    return this.refusal(this.forged(by.collectionSigner(by.first), op));
  }
}

function changeRole(who: TestIdentity, role: Role): Op {
  return { op: 'change-role', args: { identity: who.id, role } };
}

function addOp(who: TestIdentity, role: Role): Op {
  return { op: 'add-member', args: { identity: who.id, generation: who.state.userKey.generation, role, seal: opaqueSeal() } };
}

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

describe('who may change membership and roles', () => {
  it('lets owners add members of every role and admins add editors and viewers', () => {
    const team = new Team();
    team.add(team.alice, team.bob, 'admin');
    team.add(team.bob, team.carol, 'editor');
    team.add(team.bob, team.dave, 'viewer');
    const state = validateCollectionChain(team.entries, team.resolve);
    expect([...state.members.values()].map((m) => m.role).sort()).toEqual(['admin', 'editor', 'owner', 'viewer']);
  });

  it('refuses an admin granting admin or owner (owners only)', () => {
    const team = new Team();
    team.add(team.alice, team.bob, 'admin');
    expect(team.refusalOf(team.bob, addOp(team.carol, 'admin')).message).toMatch(/only an owner may grant admin/);
    expect(team.refusalOf(team.bob, addOp(team.carol, 'owner')).code).toBe('UNTRUSTED_WRITER');
    team.add(team.bob, team.carol, 'editor');
    expect(team.refusalOf(team.bob, changeRole(team.carol, 'admin')).code).toBe('UNTRUSTED_WRITER');
  });

  it('refuses editors and viewers changing membership or policy', () => {
    const team = new Team();
    team.add(team.alice, team.bob, 'editor');
    team.add(team.alice, team.carol, 'viewer');
    expect(team.refusalOf(team.bob, addOp(team.dave, 'viewer')).code).toBe('UNTRUSTED_WRITER');
    expect(team.refusalOf(team.carol, { op: 'remove-member', args: { identity: team.bob.id } }).code).toBe('UNTRUSTED_WRITER');
    expect(team.refusalOf(team.bob, changeRole(team.carol, 'editor')).code).toBe('UNTRUSTED_WRITER');
    expect(team.refusalOf(team.bob, { op: 'policy', args: { tier: 'normal', deviceApproval: false } }).code).toBe('UNTRUSTED_WRITER');
  });

  it('refuses self-promotion to admin, and to owner', () => {
    const team = new Team();
    team.add(team.alice, team.bob, 'editor');
    team.add(team.alice, team.carol, 'admin');
    expect(team.refusalOf(team.bob, changeRole(team.bob, 'admin')).message).toMatch(/no self-promotion/);
    expect(team.refusalOf(team.carol, changeRole(team.carol, 'owner')).message).toMatch(/no self-promotion/);
  });

  it('lets a member step down or leave, but never leaves the collection without an owner', () => {
    const team = new Team();
    team.add(team.alice, team.bob, 'admin');
    team.append(team.bob, changeRole(team.bob, 'viewer'));
    team.append(team.bob, { op: 'remove-member', args: { identity: team.bob.id } });
    expect(team.refusalOf(team.alice, changeRole(team.alice, 'admin')).message).toMatch(/without an owner/);
    expect(team.refusalOf(team.alice, { op: 'remove-member', args: { identity: team.alice.id } }).code).toBe('BAD_CHAIN');
    team.add(team.alice, team.carol, 'owner');
    team.append(team.alice, changeRole(team.alice, 'viewer'));
    expect(team.state.roleAt(team.alice.id, team.state.length - 1)).toBe('viewer');
  });

  it('refuses an admin demoting or removing an owner or another admin', () => {
    const team = new Team();
    team.add(team.alice, team.bob, 'admin');
    team.add(team.alice, team.carol, 'admin');
    expect(team.refusalOf(team.bob, changeRole(team.alice, 'viewer')).code).toBe('UNTRUSTED_WRITER');
    expect(team.refusalOf(team.bob, changeRole(team.carol, 'editor')).code).toBe('UNTRUSTED_WRITER');
    expect(team.refusalOf(team.bob, { op: 'remove-member', args: { identity: team.carol.id } }).message).toMatch(/only an owner may remove an admin/);
  });

  it('refuses adding a member twice, changing or removing a non-member, an unknown role and a no-op change', () => {
    const team = new Team();
    team.add(team.alice, team.bob, 'editor');
    expect(team.refusalOf(team.alice, addOp(team.bob, 'viewer')).message).toMatch(/already a member/);
    expect(team.refusalOf(team.alice, changeRole(team.carol, 'viewer')).code).toBe('BAD_CHAIN');
    expect(team.refusalOf(team.alice, { op: 'remove-member', args: { identity: team.carol.id } }).code).toBe('BAD_CHAIN');
    expect(team.refusalOf(team.alice, addOp(team.carol, 'superuser' as Role)).message).toMatch(/unknown role/);
    expect(team.refusalOf(team.alice, changeRole(team.bob, 'editor')).code).toBe('BAD_CHAIN');
  });

  it('refuses an entry by a device of a removed member or of someone who never was one', () => {
    const team = new Team();
    team.add(team.alice, team.bob, 'admin');
    team.append(team.alice, { op: 'remove-member', args: { identity: team.bob.id } });
    expect(team.refusalOf(team.bob, team.rotateOp()).message).toMatch(/not a member/);
    expect(team.refusalOf(team.carol, team.rotateOp()).code).toBe('UNTRUSTED_WRITER');
  });

  it('sets the policy by owner or admin and refuses an unknown tier', () => {
    const team = new Team();
    team.add(team.alice, team.bob, 'admin');
    team.append(team.bob, { op: 'policy', args: { tier: 'high-risk', deviceApproval: true } });
    expect(team.state.policy).toMatchObject({ tier: 'high-risk', deviceApproval: true });
    expect(team.refusalOf(team.alice, { op: 'policy', args: { tier: 'lax', deviceApproval: false } }).message).toMatch(/unknown tier/);
  });
});

describe('rotate-key', () => {
  function teamOfThree(): Team {
    const team = new Team();
    team.add(team.alice, team.bob, 'editor');
    team.add(team.alice, team.carol, 'viewer');
    return team;
  }

  it('lets any current member rotate, sealing to exactly the current members', () => {
    const team = teamOfThree();
    team.append(team.carol, team.rotateOp());
    expect(team.state.epoch).toBe(1);
    expect(team.state.epochs.map((e) => e.epoch)).toEqual([0, 1]);
  });

  it('refuses a rotate entry that leaves out a member', () => {
    const team = teamOfThree();
    const error = team.refusalOf(team.alice, team.rotateOp([team.alice, team.bob]));
    expect(error.code).toBe('BAD_CHAIN');
    expect(error.message).toMatch(/entry 3 \(rotate-key\): seals must name exactly the current members/);
  });

  it('refuses a rotate entry that seals to a removed member or an outsider, or to one member twice', () => {
    const team = teamOfThree();
    team.append(team.alice, { op: 'remove-member', args: { identity: team.bob.id } });
    expect(team.state.rotationDue).toBe(true);
    expect(team.refusalOf(team.alice, team.rotateOp([team.alice, team.bob, team.carol])).code).toBe('BAD_CHAIN');
    expect(team.refusalOf(team.alice, team.rotateOp([team.alice, team.dave])).code).toBe('BAD_CHAIN');
    expect(team.refusalOf(team.alice, team.rotateOp([team.alice, team.carol, team.carol])).code).toBe('BAD_CHAIN');
    team.append(team.alice, team.rotateOp());
    expect(team.state.rotationDue).toBe(false);
  });

  it('refuses an epoch that is not the previous + 1', () => {
    const team = teamOfThree();
    const op = team.rotateOp();
    if (op.op !== 'rotate-key') throw new Error('not a rotate');
    expect(team.refusalOf(team.alice, { ...op, args: { ...op.args, epoch: 2 } }).message).toMatch(/epoch must be 1/);
    expect(team.refusalOf(team.alice, { ...op, args: { ...op.args, epoch: 0 } }).code).toBe('BAD_CHAIN');
  });

  it("refuses sealing to an older user-key generation than last used (one a revoked device may hold), or one the member's chain lacks", () => {
    const team = teamOfThree();
    const laptop = team.bob.addDevice(deviceSigner(team.bob.first));
    team.bob.revoke(deviceSigner(team.bob.first), laptop);
    team.bob.rotate(deviceSigner(team.bob.first));
    team.append(team.alice, team.rotateOp());
    expect(team.state.members.get(keyOf(team.bob.id))?.generation).toBe(1);
    const op = team.rotateOp();
    if (op.op !== 'rotate-key') throw new Error('not a rotate');
    const old = op.args.seals.map((s) => (equalBytes(s.identity, team.bob.id) ? { ...s, generation: 0 } : s));
    expect(team.refusalOf(team.alice, { ...op, args: { ...op.args, seals: old } }).message).toMatch(/older than 1/);
    const future = op.args.seals.map((s) => (equalBytes(s.identity, team.bob.id) ? { ...s, generation: 2 } : s));
    expect(team.refusalOf(team.alice, { ...op, args: { ...op.args, seals: future } }).code).toBe('BAD_CHAIN');
  });

  it('carries a key commitment and real HPKE seals that every member opens and checks', async () => {
    const team = teamOfThree();
    const key = randomBytes(32);
    const info = new TextEncoder().encode('collection-key/v1 test epoch 1');
    const people = [team.alice, team.bob, team.carol];
    const seals = await Promise.all(
      people.map(async (p) => ({ identity: p.id, generation: 0, sealed: await sealKey(p.userKey.publicKey, key, info) })),
    );
    team.append(team.bob, { op: 'rotate-key', args: { epoch: 1, commitment: keyCommitment(key), seals } });
    const state = validateCollectionChain(team.entries, team.resolve);
    const body = decodeEntry(team.entries[3] as Uint8Array).body;
    if (body.op !== 'rotate-key') throw new Error('not a rotate');
    const mine = body.args.seals.find((s) => equalBytes(s.identity, team.carol.id));
    const opened = await openKey(team.carol.userKey.privateKey, mine?.sealed ?? new Uint8Array(0), info);
    expect(() => checkKeyCommitment(opened, state.commitment)).not.toThrow();
    expect(() => checkKeyCommitment(randomBytes(32), state.commitment)).toThrow(/does not match/);
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
    expect(team.refusal(team.forged(team.alice.collectionSigner(team.alice.first, 5), team.rotateOp())).code).toBe('UNTRUSTED_WRITER');
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
