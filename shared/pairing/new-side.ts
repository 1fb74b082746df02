/**
 * The new device's side of pairing (DESIGN.md §7): a state machine for a browser with no local vault
 * that scanned or pasted an invite (invite.ts). Flow and checks: docs/pairing.md §2, §4.
 *
 *   start(invite) -> hello --offer--> awaiting-approval (shows the SAS) --approval--> joined
 *   any phase --refusal/cancel--> aborted
 *
 * It makes fresh device keys (a device id and Ed25519 and X25519 key pairs; never reused, docs/
 * chains.md rule 3) and a nonce it commits to in the hello, and reveals the nonce only after the
 * offer brought the trusted device's nonce (commit-then-reveal). It refuses:
 * - any message of another invite (REPLAY), or that does not authenticate under k (DECRYPT_FAILED);
 *   these change nothing;
 * - an offer or approval naming another vault than the invite (FORK), or another server (BAD_INPUT);
 * - an approval not signed ("pair/v1") by the trusted device of the offer, or for another transcript
 *   (BAD_SIGNATURE); whose add-device entry does not add exactly this device, on this vault, signed by
 *   that device, at the head it names (BAD_CHAIN); whose user-key seal does not open for this device
 *   (DECRYPT_FAILED) or does not hold the named generation's key (KEY_COMMITMENT_MISMATCH).
 * Anything that authenticates under k but is refused aborts. After joining, the device validates the
 * identity chain from the server against the pins it got (confirm-join.ts) before using it.
 *
 * The state holds secrets (k, the new device's private keys): memory-only storage.
 */
import { equalBytes } from '../crypto/constant-time';
import { generateSigningKeyPair, sign, verify } from '../crypto/ed25519';
import { randomBytes } from '../crypto/random';
import { generateX25519KeyPair } from '../crypto/x25519';
import { DEVICE_ID_LENGTH, decodeEntry, entrySignedBy, type Entry } from '../chains/entry';
import { VaultError } from '../protocol/errors';
import type { Position } from '../sync/batch';
import { decodeInvite, type Invite } from './invite';
import { openMessage, sealMessage } from './messages';
import { pairingKey } from './pairing-key';
import { decodeApproval, decodeApprovalBody, decodeOffer, encodeHello, encodeReveal, type ApprovalBody, type CollectionPin } from './payloads';
import { sasCode } from './sas';
import { NONCE_LENGTH, nonceCommitment, proofMessage, transcriptHash, type PairingFacts, type PublicDevice } from './transcript';
import { openUserKey, type UserKeyPair } from './user-key-seal';

export type NewPhase = 'awaiting-offer' | 'awaiting-approval' | 'joined' | 'aborted';

/** The new device's own keys; the seed and the X25519 private key are secret. */
export interface NewDeviceKeys {
  readonly deviceId: Uint8Array;
  readonly seed: Uint8Array;
  readonly signingKey: Uint8Array;
  readonly x25519Private: Uint8Array;
  readonly x25519Key: Uint8Array;
}

export interface NewPairingState {
  readonly phase: NewPhase;
  readonly invite: Invite;
  readonly k: Uint8Array;
  readonly device: NewDeviceKeys;
  readonly nonce: Uint8Array;
  readonly facts: PairingFacts;
  readonly offer?: Uint8Array;
  readonly reveal?: Uint8Array;
  readonly sas?: string;
  readonly abortedBy?: { readonly code: string; readonly message: string };
}

/** What the new device holds once the approval is accepted; pin and store it, then confirm (confirm-join.ts). */
export interface JoinedDevice {
  readonly server: string;
  /** The identity id, which is the vault fingerprint. */
  readonly identity: Uint8Array;
  readonly device: NewDeviceKeys;
  readonly userKey: UserKeyPair;
  /** The trusted device that approved, as it presented itself in the offer. */
  readonly approvedBy: PublicDevice;
  readonly addDeviceEntry: Uint8Array;
  /** The identity chain's head after the add-device entry. */
  readonly identityHead: Position;
  readonly collections: readonly CollectionPin[];
}

export class NewDevicePairing {
  #state: NewPairingState;

  private constructor(state: NewPairingState) {
    this.#state = state;
  }

  /** Begin with an invite (its text as scanned or pasted): fresh keys, and the hello to send. */
  static start(invite: Invite | string): { pairing: NewDevicePairing; hello: Uint8Array } {
    const parsed = typeof invite === 'string' ? decodeInvite(invite) : invite;
    const signing = generateSigningKeyPair();
    const x25519 = generateX25519KeyPair();
    const device: NewDeviceKeys = {
      deviceId: randomBytes(DEVICE_ID_LENGTH),
      seed: signing.seed,
      signingKey: signing.publicKey,
      x25519Private: x25519.privateKey,
      x25519Key: x25519.publicKey,
    };
    const nonce = randomBytes(NONCE_LENGTH);
    const newDevice: PublicDevice = { id: device.deviceId, signingKey: device.signingKey, x25519Key: device.x25519Key };
    const commitment = nonceCommitment(parsed.inviteId, device.signingKey, nonce);
    const facts: PairingFacts = { inviteId: parsed.inviteId, server: parsed.server, fingerprint: parsed.fingerprint, newDevice, commitment };
    const k = pairingKey(parsed.secret, parsed.inviteId);
    const hello = sealMessage(k, 'hello', facts, encodeHello({ device: newDevice, commitment }));
    return { pairing: new NewDevicePairing({ phase: 'awaiting-offer', invite: parsed, k, device, nonce, facts }), hello };
  }

  static resume(state: NewPairingState): NewDevicePairing {
    return new NewDevicePairing(state);
  }

  get snapshot(): NewPairingState {
    return this.#state;
  }

  get phase(): NewPhase {
    return this.#state.phase;
  }

  /** The vault fingerprint to show before joining. */
  get fingerprint(): Uint8Array {
    return this.#state.invite.fingerprint;
  }

  /** The code to show once the offer arrived. */
  get sas(): string | undefined {
    return this.#state.sas;
  }

  /** The trusted device's offer: returns the reveal to send and the code to show. */
  receiveOffer(bytes: Uint8Array): { reveal: Uint8Array; sas: string } {
    this.#checkOpen();
    const s = this.#state;
    if (s.phase !== 'awaiting-offer') {
      if (s.offer && s.reveal && s.sas && equalBytes(bytes, s.offer)) return { reveal: s.reveal, sas: s.sas };
      openMessage(s.k, 'offer', s.facts, bytes);
      this.#abort(new VaultError('CONFLICT', 'two offers arrived for one invite: pairing cancelled'));
    }
    const payload = openMessage(s.k, 'offer', s.facts, bytes);
    return this.#orAbort(() => {
      const offer = decodeOffer(payload);
      if (!equalBytes(offer.fingerprint, s.invite.fingerprint)) {
        throw new VaultError('FORK', 'the trusted device offers another vault than the invite names');
      }
      const facts: PairingFacts = { ...s.facts, trustedDevice: offer.device, trustedNonce: offer.nonce, identity: offer.identity };
      const complete: PairingFacts = { ...facts, newNonce: s.nonce };
      const transcript = transcriptHash(complete);
      const proof = sign('pair/v1', s.device.seed, proofMessage(transcript));
      const message = sealMessage(s.k, 'reveal', complete, encodeReveal({ nonce: s.nonce, proof }));
      const sas = sasCode(transcript);
      this.#state = { ...s, phase: 'awaiting-approval', facts: complete, offer: new Uint8Array(bytes), reveal: message, sas };
      return { reveal: message, sas };
    });
  }

  /** The trusted device's approval: checks it, opens the user key and returns what to store. */
  async receiveApproval(bytes: Uint8Array): Promise<JoinedDevice> {
    this.#checkOpen();
    const s = this.#state;
    if (s.phase !== 'awaiting-approval') throw new VaultError('BAD_INPUT', `an approval is not expected while ${s.phase}`);
    const payload = openMessage(s.k, 'approval', s.facts, bytes);
    try {
      const joined = await this.#accept(payload);
      this.#state = { ...this.#state, phase: 'joined' };
      return joined;
    } catch (error) {
      if (error instanceof VaultError) this.#abort(error);
      throw error;
    }
  }

  cancel(): void {
    if (this.#state.phase === 'joined' || this.#state.phase === 'aborted') return;
    this.#state = { ...this.#state, phase: 'aborted', abortedBy: { code: 'CANCELLED', message: 'cancelled on this device' } };
  }

  async #accept(payload: Uint8Array): Promise<JoinedDevice> {
    const s = this.#state;
    const trusted = s.facts.trustedDevice;
    if (!trusted) throw new VaultError('INTERNAL', 'offer facts missing');
    const approval = decodeApproval(payload);
    if (!verify('pair/v1', trusted.signingKey, approval.body, approval.sig)) {
      throw new VaultError('BAD_SIGNATURE', 'the approval is not signed by the trusted device of this exchange');
    }
    const body = decodeApprovalBody(approval.body);
    if (!equalBytes(body.fingerprint, s.invite.fingerprint)) throw new VaultError('FORK', 'the approval is for another vault than the invite names');
    if (body.server !== s.invite.server) throw new VaultError('BAD_INPUT', 'the approval names another server than the invite');
    if (!equalBytes(body.transcript, transcriptHash(s.facts))) throw new VaultError('BAD_SIGNATURE', 'the approval is for another exchange');
    const entry = this.#checkEntry(body, trusted);
    if (entry.body.op !== 'add-device') throw new VaultError('INTERNAL', 'checked above');
    const userKey = await openUserKey(
      s.device.x25519Private,
      entry.body.args.userKeySeal,
      {
        identity: s.invite.fingerprint,
        generation: body.userKey.generation,
        recipient: { to: 'device', id: s.device.deviceId },
        granter: { by: 'device', id: trusted.id },
      },
      body.userKey.publicKey,
    );
    return {
      server: s.invite.server,
      identity: new Uint8Array(s.invite.fingerprint),
      device: s.device,
      userKey,
      approvedBy: trusted,
      addDeviceEntry: body.entry,
      identityHead: body.identity,
      collections: body.collections,
    };
  }

  /** The add-device entry must add exactly this device to this vault, signed by the trusted device, at the named head. */
  #checkEntry(body: ApprovalBody, trusted: PublicDevice): Entry {
    const s = this.#state;
    const entry = decodeEntry(body.entry);
    const e = entry.body;
    const refuse = (rule: string): never => {
      throw new VaultError('BAD_CHAIN', `the approval's add-device entry ${rule}`);
    };
    if (e.chain !== 'identity' || e.op !== 'add-device') return refuse('is not an add-device entry');
    if (!equalBytes(e.chainId, s.invite.fingerprint)) refuse('belongs to another identity chain');
    if (e.author.by !== 'device' || !equalBytes(e.author.id, trusted.id)) refuse('is not by the trusted device of this exchange');
    if (!entrySignedBy(entry, trusted.signingKey)) refuse("is not signed by the trusted device's key");
    const { deviceId, signingKey, x25519Key } = e.args;
    const d = s.device;
    if (!equalBytes(deviceId, d.deviceId) || !equalBytes(signingKey, d.signingKey) || !equalBytes(x25519Key, d.x25519Key)) {
      refuse('adds another device than this one');
    }
    if (e.seq !== body.identity.seq || !equalBytes(entry.hash, body.identity.head)) refuse('is not at the identity head the approval names');
    return entry;
  }

  #checkOpen(): void {
    const s = this.#state;
    if (s.phase === 'joined') throw new VaultError('CONFLICT', 'this device already joined with this invite');
    if (s.phase === 'aborted') throw new VaultError('CONFLICT', `this pairing was aborted (${s.abortedBy?.message ?? 'unknown'}): scan a new invite`);
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
