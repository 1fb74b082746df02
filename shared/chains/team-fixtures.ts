/**
 * Test fixtures for collection-chain tests: a team of four people with real identity chains (Alice
 * owns the collection; Bob, Carol and Dave join as the test needs), a resolver over their identity
 * states, and `forged`, which signs any collection entry at the head without the append-time checks,
 * as a misbehaving client or server could. Imported only by `*.test.ts`.
 */
import { equalBytes } from '../crypto/constant-time';
import { keyCommitment } from '../crypto/key-commitment';
import { randomBytes } from '../crypto/random';
import { VaultError } from '../protocol/errors';
import { appendCollectionEntry, createCollectionGenesis, type CollectionSigner } from './append';
import { validateCollectionChain, type CollectionState, type IdentityResolver } from './collection-chain';
import type { Role } from './collection-roles';
import type { CollectionBody, CollectionOp } from './entry';
import { forge, opaqueSeal, TestIdentity } from './test-fixtures';

export type Op = Exclude<CollectionOp, { op: 'genesis' }>;

/** Alice owns the collection; Bob, Carol and Dave are other people with their own identity chains. */
export class Team {
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

export function changeRole(who: TestIdentity, role: Role): Op {
  return { op: 'change-role', args: { identity: who.id, role } };
}

export function addOp(who: TestIdentity, role: Role): Op {
  return { op: 'add-member', args: { identity: who.id, generation: who.state.userKey.generation, role, seal: opaqueSeal() } };
}
