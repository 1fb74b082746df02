/**
 * The loop both pairing drivers run over the relay (docs/pairing.md §11): read the other side's
 * messages from the invite's mailbox (long-polling), hand each to the side's state machine, post
 * what it answers, until the state machine produces what the caller waits for. The relay is
 * untrusted and so is anyone who knows the invite id, so:
 * - a message the state machine refuses without aborting (DECRYPT_FAILED, REPLAY, BAD_INPUT,
 *   BAD_ENCODING: it changed nothing) is reported through `onRefused` and skipped;
 * - one that aborts the exchange (two answers, a bad proof, expiry…) closes the mailbox, so the
 *   other side learns the invite is over, and is thrown;
 * - a whole page is handed over before anything is posted, so two answers that arrive together
 *   abort before the first one is answered;
 * - an answer already posted is never posted again (a resend gets the same answer from the state
 *   machine); a closed mailbox with nothing more for us is CONFLICT; the deadline is the caller's,
 *   on its own clock; network trouble (UNAVAILABLE, RATE_LIMITED) is retried until the deadline;
 * - reaching the deadline closes the mailbox only for the side whose clock decides (the trusted
 *   device): a new device that merely waited in vain (its invite may have been tampered with, and
 *   the mailbox is the real invite's) leaves the invite open.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { directionOf, type PairingStep } from '../pairing/transcript';
import type { RelayPage, RelayedPairingMessage } from '../protocol/client/pairing-relay';
import { VaultError } from '../protocol/errors';

/** The relay as the drivers use it (shared/protocol/client/pairing-relay.ts `PairingRelay`). */
export interface PairingMailbox {
  post(message: Uint8Array): Promise<number>;
  read(after: number, waitSeconds?: number): Promise<RelayPage>;
  close(): Promise<void>;
}

export interface ExchangeOptions {
  /** This device's clock (the trusted device's decides expiry). */
  readonly clock: { now(): number };
  /** Longest long-poll per read, in seconds (default 5). */
  readonly pollSeconds?: number;
  /** A message that was refused and changed nothing (mistyped or tampered invite, another exchange, noise). */
  readonly onRefused?: (error: VaultError, step: PairingStep) => void;
}

/** What handling one message gives: an answer to post, and/or the result waited for. */
export interface Handled<T> {
  readonly post?: Uint8Array;
  readonly done?: T;
}

const RETRY_MS = 1000;
const TRANSIENT = new Set(['UNAVAILABLE', 'RATE_LIMITED']);

export class MailboxLoop {
  #after = 0;
  readonly #posted = new Set<string>();

  constructor(
    readonly mailbox: PairingMailbox,
    readonly options: ExchangeOptions,
    /** The direction this side reads. */
    readonly reads: 'new-to-trusted' | 'trusted-to-new',
    /** True once the state machine aborted (or finished). */
    readonly over: () => boolean,
    /** Close the mailbox when the deadline passes (the trusted device's expiry). */
    readonly closeOnExpiry: boolean,
  ) {}

  /** Post `message` unless this exact message was posted already. */
  async post(message: Uint8Array): Promise<void> {
    const key = bytesToHex(message);
    if (this.#posted.has(key)) return;
    await this.mailbox.post(message);
    this.#posted.add(key);
  }

  /** Close the mailbox, ignoring failures (the other side also stops on its own deadline). */
  async close(): Promise<void> {
    await this.mailbox.close().catch(() => {});
  }

  /** Run until `handle` gives a result; `closed` and `expired` are the errors for those outcomes. */
  async until<T>(deadline: number, errors: { closed: () => VaultError; expired: () => VaultError }, handle: (message: RelayedPairingMessage) => Promise<Handled<T>>): Promise<T> {
    for (;;) {
      const page = await this.#read(deadline, errors.expired);
      let result: { value: T } | undefined;
      const answers: Uint8Array[] = [];
      for (const message of page.messages) {
        this.#after = message.seq;
        if (directionOf(message.step) !== this.reads) continue;
        const handled = await this.#handle(message, handle);
        if (handled.post !== undefined) answers.push(handled.post);
        if (handled.done !== undefined && result === undefined) result = { value: handled.done };
      }
      for (const answer of answers) await this.post(answer);
      if (result !== undefined) return result.value;
      if (page.closed) throw await this.#fail(errors.closed());
      if (this.options.clock.now() >= deadline) throw await this.#expired(errors.expired);
    }
  }

  async #handle<T>(message: RelayedPairingMessage, handle: (message: RelayedPairingMessage) => Promise<Handled<T>>): Promise<Handled<T>> {
    try {
      return await handle(message);
    } catch (error) {
      if (!(error instanceof VaultError) || this.over()) {
        await this.close();
        throw error;
      }
      this.options.onRefused?.(error, message.step);
      return {};
    }
  }

  async #read(deadline: number, expired: () => VaultError): Promise<RelayPage> {
    for (;;) {
      const left = deadline - this.options.clock.now();
      const wait = Math.max(1, Math.min(this.options.pollSeconds ?? 5, Math.ceil(left / 1000)));
      try {
        return await this.mailbox.read(this.#after, wait);
      } catch (error) {
        if (!(error instanceof VaultError && TRANSIENT.has(error.code))) throw await this.#fail(error);
        if (this.options.clock.now() >= deadline) throw await this.#expired(expired);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  async #expired(expired: () => VaultError): Promise<VaultError> {
    const error = expired();
    if (this.closeOnExpiry) await this.close();
    return error;
  }

  async #fail(error: unknown): Promise<unknown> {
    await this.close();
    return error;
  }
}
