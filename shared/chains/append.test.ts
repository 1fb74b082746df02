import { describe, expect, it } from 'vitest';
import { equalBytes } from '../crypto/constant-time';
import { keyCommitment } from '../crypto/key-commitment';
import { randomBytes } from '../crypto/random';
import { appendCollectionEntry, appendIdentityEntry, createCollectionGenesis, createIdentityGenesis } from './append';
import { validateCollectionChain, type IdentityResolver } from './collection-chain';
import { decodeEntry } from './entry';
import { validateIdentityChain } from './identity-chain';
import { deviceSigner, newDevice, opaqueSeal, TestIdentity } from './test-fixtures';

function resolverOf(...people: TestIdentity[]): IdentityResolver {
  return (id) => people.find((p) => equalBytes(p.id, id))?.state;
}

describe('appending to an identity chain (compare-and-swap on the head)', () => {
  it('creates a genesis whose hash is the fingerprint a reader pins', () => {
    const device = newDevice();
    const genesis = createIdentityGenesis(
      { deviceId: device.deviceId, seed: device.signing.seed, x25519Key: device.x25519.publicKey },
      randomBytes(32),
      42,
    );
    expect(validateIdentityChain([genesis.bytes], genesis.hash).identityId).toEqual(genesis.hash);
    expect(decodeEntry(genesis.bytes).body).toMatchObject({ seq: 0, time: 42, op: 'genesis', chainId: new Uint8Array(0) });
  });

  it('links the new entry to the head the caller believes in, and refuses a head that moved (CONFLICT)', () => {
    const alice = new TestIdentity();
    const believed = alice.state.head;
    const laptop = newDevice();
    const op = {
      op: 'add-device' as const,
      args: { deviceId: laptop.deviceId, signingKey: laptop.signing.publicKey, x25519Key: laptop.x25519.publicKey, userKeySeal: opaqueSeal() },
    };
    const first = appendIdentityEntry(alice.state, believed, deviceSigner(alice.first), op);
    expect(decodeEntry(first.bytes).body.prev).toEqual(believed);
    expect(first.state.head).toEqual(first.hash);
    expect(() => appendIdentityEntry(first.state, believed, deviceSigner(alice.first), op)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(validateIdentityChain([...alice.entries, first.bytes]).length).toBe(2);
  });

  it('refuses to sign an entry that readers would refuse: a revoked device re-signing after the revoke', () => {
    const alice = new TestIdentity();
    const laptop = alice.addDevice(deviceSigner(alice.first));
    alice.revoke(deviceSigner(alice.first), laptop);
    const op = { op: 'revoke-device' as const, args: { deviceId: alice.first.deviceId } };
    expect(() => appendIdentityEntry(alice.state, alice.state.head, deviceSigner(laptop), op)).toThrow(
      expect.objectContaining({ code: 'UNTRUSTED_WRITER' }),
    );
  });

  it('never leaves the state it was given changed', () => {
    const alice = new TestIdentity();
    const before = alice.state;
    const devicesBefore = before.devices.size;
    alice.addDevice(deviceSigner(alice.first));
    expect(before.devices.size).toBe(devicesBefore);
    expect(before.length).toBe(1);
  });
});

describe('appending to a collection chain', () => {
  function start(): { alice: TestIdentity; bob: TestIdentity; resolve: IdentityResolver } {
    const alice = new TestIdentity();
    const bob = new TestIdentity();
    return { alice, bob, resolve: resolverOf(alice, bob) };
  }

  it('creates a genesis and refuses an append at a stale head (CONFLICT)', () => {
    const { alice, bob, resolve } = start();
    const genesis = createCollectionGenesis(
      randomBytes(16),
      alice.collectionSigner(alice.first),
      { owner: alice.id, commitment: keyCommitment(randomBytes(32)), seals: [{ identity: alice.id, generation: 0, sealed: opaqueSeal() }] },
      resolve,
    );
    const add = { op: 'add-member' as const, args: { identity: bob.id, generation: 0, role: 'editor', seal: opaqueSeal() } };
    const next = appendCollectionEntry(genesis.state, genesis.hash, alice.collectionSigner(alice.first), add, resolve);
    expect(validateCollectionChain([genesis.bytes, next.bytes], resolve).members.size).toBe(2);
    const again = () => appendCollectionEntry(next.state, genesis.hash, alice.collectionSigner(alice.first), add, resolve);
    expect(again).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it("seals only to each member's current user-key generation when writing, though readers accept older ones", () => {
    const { alice, bob, resolve } = start();
    const genesis = createCollectionGenesis(
      randomBytes(16),
      alice.collectionSigner(alice.first),
      { owner: alice.id, commitment: keyCommitment(randomBytes(32)), seals: [{ identity: alice.id, generation: 0, sealed: opaqueSeal() }] },
      resolve,
    );
    bob.rotate(deviceSigner(bob.first));
    const stale = { op: 'add-member' as const, args: { identity: bob.id, generation: 0, role: 'viewer', seal: opaqueSeal() } };
    expect(() => appendCollectionEntry(genesis.state, genesis.hash, alice.collectionSigner(alice.first), stale, resolve)).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT' }),
    );
    const current = { ...stale, args: { ...stale.args, generation: 1 } };
    const added = appendCollectionEntry(genesis.state, genesis.hash, alice.collectionSigner(alice.first), current, resolve);
    expect(added.state.members.size).toBe(2);
  });

  it('refuses to sign a role change readers would refuse (an editor promoting themselves)', () => {
    const { alice, bob, resolve } = start();
    const genesis = createCollectionGenesis(
      randomBytes(16),
      alice.collectionSigner(alice.first),
      { owner: alice.id, commitment: keyCommitment(randomBytes(32)), seals: [{ identity: alice.id, generation: 0, sealed: opaqueSeal() }] },
      resolve,
    );
    const add = { op: 'add-member' as const, args: { identity: bob.id, generation: 0, role: 'editor', seal: opaqueSeal() } };
    const next = appendCollectionEntry(genesis.state, genesis.hash, alice.collectionSigner(alice.first), add, resolve);
    const promote = { op: 'change-role' as const, args: { identity: bob.id, role: 'admin' } };
    expect(() => appendCollectionEntry(next.state, next.hash, bob.collectionSigner(bob.first), promote, resolve)).toThrow(/no self-promotion/);
  });
});
