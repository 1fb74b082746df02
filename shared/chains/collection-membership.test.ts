import { describe, expect, it } from 'vitest';
import { equalBytes } from '../crypto/constant-time';
import { openKey, sealKey } from '../crypto/hpke';
import { checkKeyCommitment, keyCommitment } from '../crypto/key-commitment';
import { randomBytes } from '../crypto/random';
import { keyOf } from './chain-link';
import { validateCollectionChain } from './collection-chain';
import type { Role } from './collection-roles';
import { decodeEntry } from './entry';
import { addOp, changeRole, Team } from './team-fixtures';
import { deviceSigner } from './test-fixtures';

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
