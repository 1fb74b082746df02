/**
 * The trusted device's side of pairing (DESIGN.md §7): a state machine over the messages of
 * messages.ts, for a device that already holds the vault. Flow and checks: docs/pairing.md §2, §4.
 *
 *   awaiting-hello --hello--> awaiting-reveal --reveal--> awaiting-pick --choose(code)--> confirmed
 *   confirmed --approve()--> approved --complete()--> done;   any phase --refusal/cancel--> aborted
 *
 * The trusted device is the one that decides, so it enforces:
 * - expiry: 5 minutes on ITS clock (injected), checked at every step; a clock that went back aborts;
 * - single use: a second hello that authenticates aborts the invite ("two answers arrived"); an
 *   exact copy of the hello already answered gets the same offer again, at any phase before `done`
 *   (a resend, not a second device: it carries the same keys and commitment); after `complete`,
 *   every message is refused;
 * - commit-then-reveal: the reveal must open the hello's commitment, and carry the new device's
 *   proof ("pair/v1" signature over the transcript) that it holds the signing key it enrolls;
 * - the SAS: the user picks, out of three candidates, the code the new device shows; any other pick
 *   aborts;
 * - the approval appends add-device through shared/chains/append.ts (so it is refused here if other
 *   clients would refuse it) with the current user key HPKE-sealed to the new device.
 * Refusal codes: STALE (expired), CONFLICT (two answers, already used, aborted), REPLAY (another
 * invite), BAD_INPUT (unexpected step, wrong pick), DECRYPT_FAILED (does not authenticate under k),
 * BAD_SIGNATURE (commitment or proof), BAD_ENCODING. A message that does not authenticate under k
 * changes nothing; anything that authenticates but breaks the protocol aborts the invite.
 *
 * The state (`snapshot`) is plain data and holds secrets (the invite secret, k, the device seed):
 * keep it in memory-only storage and drop it when done.
 */
import { equalBytes } from '../crypto/constant-time';
import { signingKeyPairFromSeed, sign, verify } from '../crypto/ed25519';
import { randomBytes } from '../crypto/random';
import { appendIdentityEntry, type Appended } from '../chains/append';
import { deviceTrustedAt, type IdentityState } from '../chains/identity-chain';
import { VaultError } from '../protocol/errors';
import type { Position } from '../sync/batch';
import type { Invite } from './invite';
import { openMessage, sealMessage } from './messages';
import { pairingKey } from './pairing-key';
import { decodeHello, decodeReveal, encodeApproval, encodeApprovalBody, encodeOffer, type CollectionPin } from './payloads';
import { sasCandidates, sasCode } from './sas';
import { NONCE_LENGTH, nonceCommitment, proofMessage, transcriptHash, type PairingFacts, type PublicDevice } from './transcript';
import { sealUserKey, type UserKeyPair } from './user-key-seal';

/** How long an invite stays open, on the trusted device's clock. */
export const INVITE_LIFETIME_MS = 5 * 60 * 1000;

export interface PairingClock {
  now(): number;
}

/** This device: its id and Ed25519 seed (secret); its public keys are read from the identity chain. */
export interface TrustedDeviceKeys {
  readonly deviceId: Uint8Array;
  readonly seed: Uint8Array;
}

export type TrustedPhase = 'awaiting-hello' | 'awaiting-reveal' | 'awaiting-pick' | 'confirmed' | 'approved' | 'done' | 'aborted';

export interface TrustedPairingState {
  readonly phase: TrustedPhase;
  readonly invite: Invite;
  readonly k: Uint8Array;
  readonly device: TrustedDeviceKeys;
  readonly createdAt: number;
  readonly facts: PairingFacts;
  readonly hello?: Uint8Array;
  readonly offer?: Uint8Array;
  readonly reveal?: Uint8Array;
  readonly sas?: string;
  readonly candidates?: readonly string[];
  readonly abortedBy?: { readonly code: string; readonly message: string };
}

/** What `approve` returns: the entry to append (compare-and-swap) and the message for the new device. */
export interface PairingApproval {
  readonly entry: Appended<IdentityState>;
  readonly message: Uint8Array;
}

export interface ApproveInput {
  /** The validated identity chain as it stands now (the entry is appended on its head). */
  readonly identity: IdentityState;
  /** The current user-key generation, which is sealed to the new device. */
  readonly userKey: UserKeyPair;
  /** Collection-chain and log heads the new device pins. */
  readonly collections: readonly CollectionPin[];
}

function publicDevice(identity: IdentityState, device: TrustedDeviceKeys): PublicDevice {
  const record = deviceTrustedAt(identity, device.deviceId, identity.length - 1);
  if (record === undefined) throw new VaultError('UNTRUSTED_WRITER', 'only a trusted device of this vault can invite a device');
  if (!equalBytes(signingKeyPairFromSeed(device.seed).publicKey, record.signingKey)) {
    throw new VaultError('BAD_INPUT', "the seed is not this device's signing key in the identity chain");
  }
  return { id: record.deviceId, signingKey: record.signingKey, x25519Key: record.x25519Key };
}

export class TrustedPairing {
  #state: TrustedPairingState;
  readonly #clock: PairingClock;

  private constructor(state: TrustedPairingState, clock: PairingClock) {
    this.#state = state;
    this.#clock = clock;
  }

  /** Open an invite made by `createInvite` for this device's vault; the clock starts now. */
  static start(invite: Invite, device: TrustedDeviceKeys, identity: IdentityState, clock: PairingClock): TrustedPairing {
    if (!equalBytes(invite.fingerprint, identity.identityId)) throw new VaultError('BAD_INPUT', "the invite names another vault's fingerprint");
    const trustedDevice = publicDevice(identity, device);
    const facts: PairingFacts = {
      inviteId: invite.inviteId,
      server: invite.server,
      fingerprint: invite.fingerprint,
      trustedDevice,
      trustedNonce: randomBytes(NONCE_LENGTH),
      identity: { seq: identity.length - 1, head: identity.head },
    };
    const state: TrustedPairingState = {
      phase: 'awaiting-hello',
      invite,
      k: pairingKey(invite.secret, invite.inviteId),
      device: { deviceId: new Uint8Array(device.deviceId), seed: new Uint8Array(device.seed) },
      createdAt: clock.now(),
      facts,
    };
    return new TrustedPairing(state, clock);
  }

  /** Continue from a snapshot (a restarted service worker). */
  static resume(state: TrustedPairingState, clock: PairingClock): TrustedPairing {
    return new TrustedPairing(state, clock);
  }

  get snapshot(): TrustedPairingState {
    return this.#state;
  }

  get phase(): TrustedPhase {
    return this.#state.phase;
  }

  /** When the invite stops being accepted, on this device's clock. */
  get expiresAt(): number {
    return this.#state.createdAt + INVITE_LIFETIME_MS;
  }

  /** The new device's hello: returns the offer to send back. */
  receiveHello(bytes: Uint8Array): Uint8Array {
    this.#checkOpen();
    const s = this.#state;
    if (s.phase !== 'awaiting-hello') return this.#secondHello(bytes);
    const payload = openMessage(s.k, 'hello', s.facts, bytes);
    return this.#orAbort(() => {
      const hello = decodeHello(payload);
      const facts: PairingFacts = { ...s.facts, newDevice: hello.device, commitment: hello.commitment };
      const { trustedDevice, trustedNonce, identity } = s.facts;
      if (!trustedDevice || !trustedNonce || !identity) throw new VaultError('INTERNAL', 'trusted facts missing');
      const offerPayload = encodeOffer({ device: trustedDevice, nonce: trustedNonce, fingerprint: s.invite.fingerprint, identity });
      const offer = sealMessage(s.k, 'offer', facts, offerPayload);
      this.#state = { ...s, phase: 'awaiting-reveal', facts, hello: new Uint8Array(bytes), offer };
      return offer;
    });
  }

  /** The new device's reveal: returns the three candidate codes to show, in random order. */
  receiveReveal(bytes: Uint8Array): readonly string[] {
    this.#checkOpen();
    const s = this.#state;
    if (s.phase !== 'awaiting-reveal') return this.#unexpectedReveal(bytes);
    const payload = openMessage(s.k, 'reveal', s.facts, bytes);
    return this.#orAbort(() => {
      const reveal = decodeReveal(payload);
      const { newDevice, commitment } = s.facts;
      if (!newDevice || !commitment) throw new VaultError('INTERNAL', 'hello facts missing');
      if (!equalBytes(nonceCommitment(s.invite.inviteId, newDevice.signingKey, reveal.nonce), commitment)) {
        throw new VaultError('BAD_SIGNATURE', "the new device's nonce does not open the commitment it sent first");
      }
      const facts: PairingFacts = { ...s.facts, newNonce: reveal.nonce };
      const transcript = transcriptHash(facts);
      if (!verify('pair/v1', newDevice.signingKey, proofMessage(transcript), reveal.proof)) {
        throw new VaultError('BAD_SIGNATURE', 'the new device did not prove it holds the signing key it asks to enroll');
      }
      const sas = sasCode(transcript);
      const candidates = sasCandidates(sas);
      this.#state = { ...s, phase: 'awaiting-pick', facts, reveal: new Uint8Array(bytes), sas, candidates };
      return candidates;
    });
  }

  /** The code the user picked; anything but the real one aborts the invite. */
  choose(code: string): void {
    this.#checkOpen();
    const s = this.#state;
    if (s.phase !== 'awaiting-pick') throw new VaultError('BAD_INPUT', `no code to pick while ${s.phase}`);
    if (code !== s.sas) {
      this.#abort(new VaultError('BAD_INPUT', 'the code picked is not the one this exchange computed: pairing cancelled'));
    }
    this.#state = { ...s, phase: 'confirmed' };
  }

  /**
   * Sign the add-device entry on `identity`'s head, the user key sealed to the new device inside, and
   * the approval for the new device. After a CONFLICT from the server, call again on the new head.
   */
  async approve(input: ApproveInput): Promise<PairingApproval> {
    this.#checkOpen();
    const s = this.#state;
    if (s.phase !== 'confirmed' && s.phase !== 'approved') throw new VaultError('BAD_INPUT', `cannot approve while ${s.phase}`);
    const { newDevice, trustedDevice } = s.facts;
    if (!newDevice || !trustedDevice) throw new VaultError('INTERNAL', 'device facts missing');
    const { identity, userKey } = input;
    if (!equalBytes(identity.identityId, s.invite.fingerprint)) throw new VaultError('BAD_INPUT', 'the identity chain is not the invited vault');
    if (userKey.generation !== identity.userKey.generation || !equalBytes(userKey.publicKey, identity.userKey.publicKey)) {
      throw new VaultError('BAD_INPUT', 'seal the current user-key generation');
    }
    const userKeySeal = await sealUserKey(newDevice.x25519Key, userKey.privateKey, {
      identity: identity.identityId,
      generation: userKey.generation,
      recipient: { to: 'device', id: newDevice.id },
      granter: { by: 'device', id: trustedDevice.id },
    });
    const signer = { by: 'device' as const, id: s.device.deviceId, seed: s.device.seed };
    const op = { op: 'add-device' as const, args: { deviceId: newDevice.id, signingKey: newDevice.signingKey, x25519Key: newDevice.x25519Key, userKeySeal } };
    const entry = appendIdentityEntry(identity, identity.head, signer, op, this.#clock.now());
    const message = this.#approvalMessage(entry, userKey, input.collections);
    this.#state = { ...this.#state, phase: 'approved' };
    return { entry, message };
  }

  /** The entry was appended and the approval handed to the relay: the invite is used up. */
  complete(): void {
    if (this.#state.phase !== 'approved') throw new VaultError('BAD_INPUT', `cannot complete while ${this.#state.phase}`);
    this.#state = { ...this.#state, phase: 'done' };
  }

  /** The user cancelled (or no candidate matched): nothing more is accepted. */
  cancel(): void {
    if (this.#state.phase === 'done' || this.#state.phase === 'aborted') return;
    this.#state = { ...this.#state, phase: 'aborted', abortedBy: { code: 'CANCELLED', message: 'cancelled on this device' } };
  }

  #approvalMessage(entry: Appended<IdentityState>, userKey: UserKeyPair, collections: readonly CollectionPin[]): Uint8Array {
    const s = this.#state;
    const identity: Position = { seq: entry.state.length - 1, head: entry.hash };
    const body = encodeApprovalBody({
      fingerprint: s.invite.fingerprint,
      server: s.invite.server,
      transcript: transcriptHash(s.facts),
      entry: entry.bytes,
      userKey: { generation: userKey.generation, publicKey: userKey.publicKey },
      identity,
      collections,
    });
    const payload = encodeApproval({ body, sig: sign('pair/v1', s.device.seed, body) });
    return sealMessage(s.k, 'approval', s.facts, payload);
  }

  /** Refuse everything once done or aborted, and abort once expired (or the clock went back). */
  #checkOpen(): void {
    const s = this.#state;
    if (s.phase === 'done') throw new VaultError('CONFLICT', 'this invite was already used: make a new one');
    if (s.phase === 'aborted') throw new VaultError('CONFLICT', `this invite was aborted (${s.abortedBy?.message ?? 'unknown'}): make a new one`);
    const now = this.#clock.now();
    if (now < s.createdAt) this.#abort(new VaultError('STALE', "this device's clock went back since the invite was made: make a new one"));
    if (now >= s.createdAt + INVITE_LIFETIME_MS) this.#abort(new VaultError('STALE', 'the invite expired (5 minutes): make a new one'));
  }

  /**
   * A hello after the first: an exact resend gets the same offer, at any phase before `done` (a relay
   * that delivers it again, or a restarted worker reading the mailbox from the start: the same keys
   * and commitment are not a second device); another that authenticates aborts.
   */
  #secondHello(bytes: Uint8Array): Uint8Array {
    const s = this.#state;
    if (s.hello && s.offer && equalBytes(bytes, s.hello)) return s.offer;
    openMessage(s.k, 'hello', s.facts, bytes);
    this.#abort(new VaultError('CONFLICT', 'two answers arrived for one invite: pairing cancelled (someone else may have seen the code)'));
  }

  /** A reveal when none is expected: an exact resend gets the same candidates, anything else is refused. */
  #unexpectedReveal(bytes: Uint8Array): readonly string[] {
    const s = this.#state;
    if (s.reveal && s.candidates && s.phase === 'awaiting-pick' && equalBytes(bytes, s.reveal)) return s.candidates;
    throw new VaultError('BAD_INPUT', `a pairing reveal is not expected while ${s.phase}`);
  }

  #orAbort<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (error instanceof VaultError) this.#abort(error);
      throw error;
    }
  }

  #abort(error: VaultError): never {
    this.#state = { ...this.#state, phase: 'aborted', abortedBy: { code: error.code, message: error.message } };
    throw error;
  }
}
