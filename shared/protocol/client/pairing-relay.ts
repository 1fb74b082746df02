/**
 * The pairing relay from a client (shared/protocol/api/pairing.ts, docs/pairing.md §11): both the
 * trusted device and the new device post their sealed pairing messages to the invite's mailbox and
 * read the other side's from it, without a session. Same exchange rules as the sync transport
 * (`http-exchange.ts`: injected fetch, `redirect: "error"`, no cookies, timeout, contract-checked
 * answers). A message is split into its step and box on the way out (its invite id is the
 * mailbox's, checked here) and rebuilt on the way in (shared/pairing/messages.ts `encodeMessage`),
 * so the state machines of shared/pairing see the exact bytes the other side sealed; they, not this
 * client, decide what a message is worth: the relay can drop, delay, reorder or replay, not forge.
 *
 * Errors are VaultErrors: UNAVAILABLE (network, timeout, 5xx), CONFLICT (the mailbox is closed),
 * STALE (it expired on the relay), PAYLOAD_TOO_LARGE (a box or the mailbox over its limits),
 * RATE_LIMITED, BAD_INPUT (a request the relay refused, or a message of another invite),
 * BAD_ENCODING (an answer outside its contract).
 */
import { fromBase64url, toBase64url } from '../../crypto/base64url';
import { equalBytes } from '../../crypto/constant-time';
import { decodeMessage, encodeMessage } from '../../pairing/messages';
import type { PairingStep } from '../../pairing/transcript';
import {
  INVITE_ID_BYTES,
  PAIRING_MAX_WAIT_S,
  pairingClosePath,
  pairingMessagesPath,
  pairingMessagesResponseSchema,
  postPairingMessageResponseSchema,
} from '../api/pairing';
import { VaultError } from '../errors';
import { DEFAULT_TIMEOUT_MS, expectEmpty, parseSuccess, send, serverBase, type Endpoint, type Exchange, type FetchLike } from './http-exchange';

export interface PairingRelayOptions {
  /** The server's origin, as the invite names it (`https://host[:port]`). */
  readonly server: string;
  readonly fetch: FetchLike;
  /** The invite id: the mailbox. */
  readonly inviteId: Uint8Array;
  /** Per-request timeout in ms (default 30 000; a long-poll waits at most 10 s of it). */
  readonly timeoutMs?: number;
}

/** One message as the relay handed it back: its position in the mailbox and its exact bytes. */
export interface RelayedPairingMessage {
  readonly seq: number;
  readonly step: PairingStep;
  readonly bytes: Uint8Array;
}

export interface RelayPage {
  readonly messages: readonly RelayedPairingMessage[];
  /** No more posts will be accepted (the other side closed the invite, or this one did). */
  readonly closed: boolean;
}

export class PairingRelay {
  readonly #endpoint: Endpoint;
  readonly #invite: Uint8Array;
  readonly #path: string;

  constructor(options: PairingRelayOptions) {
    if (!(options.inviteId instanceof Uint8Array) || options.inviteId.length !== INVITE_ID_BYTES) {
      throw new VaultError('BAD_INPUT', `an invite id is ${INVITE_ID_BYTES} bytes`);
    }
    this.#endpoint = { server: serverBase(options.server), fetch: options.fetch, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS };
    this.#invite = new Uint8Array(options.inviteId);
    this.#path = toBase64url(this.#invite);
  }

  /** Post one sealed pairing message of this invite; returns its seq in the mailbox. */
  async post(message: Uint8Array): Promise<number> {
    const decoded = decodeMessage(message);
    if (!equalBytes(decoded.inviteId, this.#invite)) throw new VaultError('BAD_INPUT', 'this pairing message belongs to another invite');
    const exchange: Exchange = { method: 'POST', path: pairingMessagesPath(this.#path), body: { step: decoded.step, box: toBase64url(decoded.box) } };
    const answer = await parseSuccess(await this.#send(exchange), 201, postPairingMessageResponseSchema);
    return answer.seq;
  }

  /** The messages after seq `after`, in order; with `waitSeconds`, wait up to that long for one. */
  async read(after: number, waitSeconds = 0): Promise<RelayPage> {
    if (!Number.isSafeInteger(after) || after < 0) throw new VaultError('BAD_INPUT', 'after must be a seq');
    const wait = Math.max(0, Math.min(PAIRING_MAX_WAIT_S, Math.floor(waitSeconds)));
    const path = `${pairingMessagesPath(this.#path)}?after=${after}${wait > 0 ? `&wait=${wait}` : ''}`;
    const page = await parseSuccess(await this.#send({ method: 'GET', path }), 200, pairingMessagesResponseSchema);
    let last = after;
    const messages = page.messages.map((m) => {
      if (m.seq <= last) throw new VaultError('BAD_ENCODING', 'the relay answered messages out of order');
      last = m.seq;
      return { seq: m.seq, step: m.step, bytes: encodeMessage({ inviteId: this.#invite, step: m.step, box: fromBase64url(m.box) }) };
    });
    return { messages, closed: page.closed };
  }

  /** Accept no more posts to this invite (what was posted stays readable until it expires). */
  async close(): Promise<void> {
    await expectEmpty(await this.#send({ method: 'POST', path: pairingClosePath(this.#path) }), 204);
  }

  async #send(exchange: Exchange): Promise<Response> {
    const response = await send(this.#endpoint, exchange);
    if (response.status === 410) {
      await response.body?.cancel().catch(() => {});
      throw new VaultError('STALE', 'the relay says this invite expired: make a new one');
    }
    return response;
  }
}
