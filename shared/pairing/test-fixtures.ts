/**
 * Test fixtures for pairing tests (imported by `*.test.ts` only): a real identity chain with a real
 * user key (shared/chains/test-fixtures.ts), a clock the test moves, and drivers that run the
 * exchange step by step with real crypto. `attacker` helpers seal messages under k with facts of the
 * test's choosing: what someone who saw the invite, or a buggy peer, could send.
 */
import { randomBytes } from '../crypto/random';
import { TestIdentity } from '../chains/test-fixtures';
import type { Position } from '../sync/batch';
import { createInvite, type Invite } from './invite';
import { sealMessage } from './messages';
import { NewDevicePairing, type JoinedDevice } from './new-side';
import { pairingKey } from './pairing-key';
import type { CollectionPin } from './payloads';
import type { PairingFacts, PairingStep } from './transcript';
import { TrustedPairing, type PairingApproval } from './trusted-side';
import type { UserKeyPair } from './user-key-seal';

export const SERVER = 'https://vault.example.com';
export const START = 1_700_000_000_000;

export class TestClock {
  constructor(public time: number = START) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

const position = (seq: number): Position => ({ seq, head: randomBytes(32) });

export function collectionPins(count = 2): CollectionPin[] {
  return Array.from({ length: count }, (_, i) => ({ collection: randomBytes(16), chain: position(i), log: position(10 * i) }));
}

/** A vault (Alice's identity chain), an open invite on her first device, and a clock. */
export class PairingScene {
  readonly alice = new TestIdentity();
  readonly clock = new TestClock();
  readonly invite: Invite;
  readonly trusted: TrustedPairing;
  readonly collections = collectionPins();

  constructor() {
    this.invite = createInvite(SERVER, this.alice.id);
    const first = this.alice.first;
    this.trusted = TrustedPairing.start(this.invite, { deviceId: first.deviceId, seed: first.signing.seed }, this.alice.state, this.clock);
  }

  get userKey(): UserKeyPair {
    return { generation: this.alice.state.userKey.generation, privateKey: this.alice.userKey.privateKey, publicKey: this.alice.userKey.publicKey };
  }

  get k(): Uint8Array {
    return pairingKey(this.invite.secret, this.invite.inviteId);
  }

  /** A new device that scanned this invite; returns it and its hello. */
  newDevice(invite: Invite | string = this.invite): { side: NewDevicePairing; hello: Uint8Array } {
    const { pairing, hello } = NewDevicePairing.start(invite);
    return { side: pairing, hello };
  }

  /** Hello, offer and reveal: returns the new side (showing its code) and the trusted side's candidates. */
  toPick(): { side: NewDevicePairing; sas: string; candidates: readonly string[] } {
    const { side, hello } = this.newDevice();
    const offer = this.trusted.receiveHello(hello);
    const { reveal, sas } = side.receiveOffer(offer);
    const candidates = this.trusted.receiveReveal(reveal);
    return { side, sas, candidates };
  }

  /** Through the right pick and the approval. */
  async toApproval(): Promise<{ side: NewDevicePairing; approval: PairingApproval }> {
    const { side, sas } = this.toPick();
    this.trusted.choose(sas);
    const approval = await this.trusted.approve({ identity: this.alice.state, userKey: this.userKey, collections: this.collections });
    return { side, approval };
  }

  /** The whole exchange; the server accepted the entry. */
  async pair(): Promise<{ side: NewDevicePairing; joined: JoinedDevice; approval: PairingApproval; entries: Uint8Array[] }> {
    const { side, approval } = await this.toApproval();
    const entries = [...this.alice.entries, approval.entry.bytes];
    const joined = await side.receiveApproval(approval.message);
    this.trusted.complete();
    return { side, joined, approval, entries };
  }
}

/** Seal a payload as someone holding k would, with facts of their choosing. */
export function forgeMessage(k: Uint8Array, step: PairingStep, facts: PairingFacts, payload: Uint8Array): Uint8Array {
  return sealMessage(k, step, facts, payload);
}

/** Flip one bit of a copy of `bytes`. */
export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = new Uint8Array(bytes);
  copy[bit >> 3] = (copy[bit >> 3] ?? 0) ^ (1 << (bit & 7));
  return copy;
}
