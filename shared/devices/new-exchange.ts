/**
 * The new device's pairing over the relay (DESIGN.md §7, docs/pairing.md §2, §11): drives
 * `NewDevicePairing` (shared/pairing/new-side.ts) with the invite's mailbox (pairing-exchange.ts).
 *
 *   const exchange = await NewDeviceRelayExchange.start(inviteText, (invite) => new PairingRelay(…), { clock });
 *   show(fingerprintText(exchange.fingerprint));     // before joining
 *   show(await exchange.sas());                      // the offer arrived; the reveal is posted
 *   const joined = await exchange.approval();        // checked, user key opened; mailbox closed
 *   // then join-device.ts: confirm the chain, open the collection keys, sync, check the pins
 *
 * The invite is decoded (and refused if mistyped or damaged) before anything is sent; the hello is
 * posted at once. The new device keeps a deadline of its own (default 5 minutes, the invite's
 * lifetime on the trusted device) so a tampered invite, which the trusted device can only ignore,
 * ends with STALE rather than a wait without end. Errors: those of decodeInvite and
 * NewDevicePairing, STALE (no answer in time, or expired on the relay), CONFLICT (the trusted
 * device closed the invite: used, cancelled, answered twice, expired), and the relay's.
 */
import { decodeInvite, type Invite } from '../pairing/invite';
import { type JoinedDevice, NewDevicePairing } from '../pairing/new-side';
import { INVITE_LIFETIME_MS } from '../pairing/trusted-side';
import { VaultError } from '../protocol/errors';
import { MailboxLoop, type ExchangeOptions, type PairingMailbox } from './pairing-exchange';

export interface NewExchangeOptions extends ExchangeOptions {
  /** How long to wait for the trusted device, from start, in ms (default 5 minutes). */
  readonly timeoutMs?: number;
}

const closedError = () =>
  new VaultError('CONFLICT', 'the other device closed this invite (already used, cancelled, answered twice, or expired): make a new invite there');

export class NewDeviceRelayExchange {
  readonly #loop: MailboxLoop;

  private constructor(
    readonly pairing: NewDevicePairing,
    mailbox: PairingMailbox,
    options: NewExchangeOptions,
    readonly deadline: number,
  ) {
    this.#loop = new MailboxLoop(mailbox, options, 'trusted-to-new', () => pairing.phase === 'aborted' || pairing.phase === 'joined', false);
  }

  /** Decode the invite (text as scanned or pasted), make fresh device keys, post the hello. */
  static async start(invite: Invite | string, mailboxFor: (invite: Invite) => PairingMailbox, options: NewExchangeOptions): Promise<NewDeviceRelayExchange> {
    const parsed = typeof invite === 'string' ? decodeInvite(invite) : invite;
    const { pairing, hello } = NewDevicePairing.start(parsed);
    const deadline = options.clock.now() + (options.timeoutMs ?? INVITE_LIFETIME_MS);
    const exchange = new NewDeviceRelayExchange(pairing, mailboxFor(parsed), options, deadline);
    try {
      await exchange.#loop.post(hello);
    } catch (error) {
      pairing.cancel();
      if (error instanceof VaultError && error.code === 'CONFLICT') throw closedError();
      throw error;
    }
    return exchange;
  }

  /** The vault fingerprint to show before joining. */
  get fingerprint(): Uint8Array {
    return this.pairing.fingerprint;
  }

  /** Wait for the trusted device's offer; post the reveal; the code to show. */
  async sas(): Promise<string> {
    return this.#loop.until(this.deadline, this.#errors(), async (message) => {
      if (message.step !== 'offer') throw new VaultError('BAD_INPUT', `expected the pairing offer, got the ${message.step}`);
      const { reveal, sas } = this.pairing.receiveOffer(message.bytes);
      return { post: reveal, done: sas };
    });
  }

  /** Wait for the approval (the person picks the code on the trusted device meanwhile); closes the mailbox. */
  async approval(): Promise<JoinedDevice> {
    const joined = await this.#loop.until<JoinedDevice>(this.deadline, this.#errors(), async (message) => {
      if (message.step === 'offer') return { post: this.pairing.receiveOffer(message.bytes).reveal };
      return { done: await this.pairing.receiveApproval(message.bytes) };
    });
    await this.#loop.close();
    return joined;
  }

  /** Stop here; the trusted device learns it from the closed mailbox. */
  async cancel(): Promise<void> {
    this.pairing.cancel();
    await this.#loop.close();
  }

  #errors() {
    return {
      closed: () => this.#cancelled(closedError()),
      expired: () => this.#cancelled(new VaultError('STALE', 'no answer from the trusted device in time: check the invite, or make a new one')),
    };
  }

  #cancelled(error: VaultError): VaultError {
    this.pairing.cancel();
    return error;
  }
}
