import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { entryHash } from '../chains/entry';
import { Team } from '../chains/team-fixtures';
import type { TestDevice, TestIdentity } from '../chains/test-fixtures';
import { signBatch, ZERO_HASH } from './batch';
import { chainTrust, identityChainsOf } from './chain-trust';
import { emptyPinnedLog, type PinnedLog } from './pinned-log';
import { sampleRecord, TestLog } from './test-fixtures';
import { verifyBatch, verifyPull } from './verify-batch';

/** A device of a person writing batches under positions of the team's real chains. */
class ChainWriter {
  counter = 0;
  prev = ZERO_HASH;
  constructor(
    readonly team: Team,
    readonly person: TestIdentity,
    readonly device: TestDevice,
  ) {}

  /** Sign the next batch at the given chain positions (default: the current heads) and epoch. */
  next(log: TestLog, at: { identitySeq?: number; collectionSeq?: number; epoch?: number } = {}): Uint8Array {
    const identitySeq = at.identitySeq ?? this.person.state.length - 1;
    const collectionSeq = at.collectionSeq ?? this.team.state.length - 1;
    const head = (entries: Uint8Array[], seq: number) => entryHash(entries[seq] ?? new Uint8Array());
    const { bytes, batchId } = signBatch(
      {
        identity: this.person.id,
        collection: this.team.state.collectionId,
        epoch: at.epoch ?? this.team.state.epoch,
        device: this.device.deviceId,
        signer: this.device.signing.publicKey,
        counter: this.counter + 1,
        prev: this.prev,
        seen: { seq: log.seq, head: log.head },
        chains: {
          identity: { seq: identitySeq, head: head(this.person.entries, identitySeq) },
          collection: { seq: collectionSeq, head: head(this.team.entries, collectionSeq) },
        },
        records: [sampleRecord()],
      },
      this.device.signing.seed,
    );
    this.counter += 1;
    this.prev = batchId;
    return bytes;
  }
}

function scene() {
  const team = new Team();
  team.add(team.alice, team.bob, 'editor');
  const log = new TestLog(team.state.collectionId);
  const resolver = () =>
    chainTrust({ state: team.state, entries: team.entries }, identityChainsOf(team.people().map((p) => ({ state: p.state, entries: p.entries }))));
  const state: PinnedLog = emptyPinnedLog(team.state.collectionId);
  return { team, log, resolver, state };
}

const code = (c: string, message?: RegExp) => expect.objectContaining(message ? { code: c, message: expect.stringMatching(message) } : { code: c });

describe('verification against real identity and collection chains', () => {
  it('a valid sequence of batches from two members verifies', () => {
    const { team, log, resolver, state } = scene();
    const alice = new ChainWriter(team, team.alice, team.alice.first);
    const bob = new ChainWriter(team, team.bob, team.bob.first);
    log.append(alice.next(log));
    log.append(bob.next(log));
    log.append(alice.next(log));
    const pinned = verifyPull(state, log.entries, log.claimed(), resolver()).state;
    expect(pinned.heads[3]).toBe(bytesToHex(log.head));
  });

  it('refuses a batch signed by a device revoked earlier in the chain', () => {
    const { team, log, resolver, state } = scene();
    const phoneDevice = team.alice.addDevice({ by: 'device', id: team.alice.first.deviceId, seed: team.alice.first.signing.seed });
    const phone = new ChainWriter(team, team.alice, phoneDevice);
    const laptop = new ChainWriter(team, team.alice, team.alice.first);
    log.append(phone.next(log));
    const addedAt = team.alice.state.length - 1;
    team.alice.revoke({ by: 'device', id: team.alice.first.deviceId, seed: team.alice.first.signing.seed }, phoneDevice);
    log.append(laptop.next(log));
    const pinned = verifyPull(state, log.entries, log.claimed(), resolver()).state;
    const backdated = log.append(phone.next(log, { identitySeq: addedAt }));
    const before = structuredClone(pinned);
    expect(() => verifyBatch(pinned, backdated, resolver())).toThrowError(code('UNTRUSTED_WRITER', /not a trusted writer at identity entry 2/));
    expect(pinned).toEqual(before);
  });

  it('refuses a batch from a viewer, who holds the key but may not write (UNTRUSTED_WRITER)', () => {
    const { team, log, resolver, state } = scene();
    team.add(team.alice, team.carol, 'viewer');
    const carol = new ChainWriter(team, team.carol, team.carol.first);
    expect(() => verifyBatch(state, log.append(carol.next(log)), resolver())).toThrowError(code('UNTRUSTED_WRITER'));
  });

  it('refuses a removed member backdating a batch to before the removal (UNTRUSTED_WRITER)', () => {
    const { team, log, resolver, state } = scene();
    const bob = new ChainWriter(team, team.bob, team.bob.first);
    const alice = new ChainWriter(team, team.alice, team.alice.first);
    const memberAt = team.state.length - 1;
    team.append(team.alice, { op: 'remove-member', args: { identity: team.bob.id } });
    log.append(alice.next(log));
    const pinned = verifyPull(state, log.entries, log.claimed(), resolver()).state;
    expect(() => verifyBatch(pinned, log.append(bob.next(log, { collectionSeq: memberAt })), resolver())).toThrowError(code('UNTRUSTED_WRITER'));
  });

  it('refuses a batch under a retired epoch, but not a writer who raced the rotation', () => {
    const { team, log, resolver, state } = scene();
    const alice = new ChainWriter(team, team.alice, team.alice.first);
    const bob = new ChainWriter(team, team.bob, team.bob.first);
    const beforeRotation = team.state.length - 1;
    team.append(team.alice, team.rotateOp());
    log.append(alice.next(log));
    log.append(bob.next(log, { collectionSeq: beforeRotation, epoch: 0 }));
    const pinned = verifyPull(state, log.entries, log.claimed(), resolver()).state;
    expect(pinned.seq).toBe(2);
    expect(() => verifyBatch(pinned, log.append(alice.next(log, { epoch: 0 })), resolver())).toThrowError(code('UNTRUSTED_WRITER', /epoch 0 is retired/));
  });

  it('refuses a batch made under chain entries the client has not validated yet', () => {
    const { team, log, state } = scene();
    const frozen = chainTrust({ state: team.state, entries: [...team.entries] }, identityChainsOf(team.people().map((p) => ({ state: p.state, entries: [...p.entries] }))));
    team.add(team.alice, team.carol, 'editor');
    const alice = new ChainWriter(team, team.alice, team.alice.first);
    expect(() => verifyBatch(state, log.append(alice.next(log)), frozen)).toThrowError(code('UNTRUSTED_WRITER', /not validated here/));
  });
});
