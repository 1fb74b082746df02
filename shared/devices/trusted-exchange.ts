/**
 * The trusted device's pairing over the relay (DESIGN.md §7, docs/pairing.md §2, §11): drives
 * `TrustedPairing` (shared/pairing/trusted-side.ts) with the invite's mailbox (pairing-exchange.ts).
 *
 *   const exchange = new TrustedRelayExchange(TrustedPairing.start(invite, …), relay, { clock });
 *   const codes = await exchange.candidates();     // hello answered with the offer, reveal checked
 *   exchange.choose(codeThePersonPicked);          // a wrong pick aborts and closes the invite
 *   const { message } = await appendApproval(exchange.pairing, transport, …);   // approve-device.ts
 *   await exchange.deliver(message);               // posted, invite used up, mailbox closed
 *
 * The trusted device decides: the invite's expiry (5 minutes on its clock) bounds every wait, and an
 * abort (two answers, a bad proof, a wrong pick, expiry, cancel) closes the mailbox so the new device
 * stops with a clear error instead of waiting. Errors: those of TrustedPairing, STALE (no answer
 * before expiry), CONFLICT (the mailbox was closed by someone else), and the relay's.
 */
import type { TrustedPairing } from '../pairing/trusted-side';
import { VaultError } from '../protocol/errors';
import { MailboxLoop, type ExchangeOptions, type PairingMailbox } from './pairing-exchange';

export class TrustedRelayExchange {
  readonly #loop: MailboxLoop;

  constructor(
    readonly pairing: TrustedPairing,
    mailbox: PairingMailbox,
    options: ExchangeOptions,
  ) {
    this.#loop = new MailboxLoop(mailbox, options, 'new-to-trusted', () => pairing.phase === 'aborted' || pairing.phase === 'done', true);
  }

  /** Answer the new device's hello and wait for its reveal: the three codes to show, in random order. */
  async candidates(): Promise<readonly string[]> {
    const errors = {
      closed: () => this.#cancelled(new VaultError('CONFLICT', 'the invite was closed on the relay (cancelled on the new device?): make a new one')),
      expired: () => this.#cancelled(new VaultError('STALE', 'no device answered the invite within 5 minutes: make a new one')),
    };
    return this.#loop.until(this.pairing.expiresAt, errors, async (message) => {
      if (message.step === 'hello') return { post: this.pairing.receiveHello(message.bytes) };
      return { done: this.pairing.receiveReveal(message.bytes) };
    });
  }

  /** The code the person picked among the candidates; anything but the real one aborts and closes the invite. */
  async choose(code: string): Promise<void> {
    try {
      this.pairing.choose(code);
    } catch (error) {
      await this.#loop.close();
      throw error;
    }
  }

  /** Hand the approval (whose add-device entry the server holds) to the new device; the invite is used up. */
  async deliver(approval: Uint8Array): Promise<void> {
    await this.#loop.post(approval);
    this.pairing.complete();
    await this.#loop.close();
  }

  /** The person cancelled (or no candidate matched): the invite is over on both sides. */
  async cancel(): Promise<void> {
    this.pairing.cancel();
    await this.#loop.close();
  }

  #cancelled(error: VaultError): VaultError {
    this.pairing.cancel();
    return error;
  }
}
