/**
 * HTTP contracts of the pairing relay (DESIGN.md §7, docs/pairing.md §11): a short-lived mailbox,
 * keyed by the invite id, through which a trusted device and a new device (which has no session
 * yet) exchange the four sealed pairing messages. No session: knowing the 128-bit invite id is what
 * lets a client read and post, and the relay sees only the invite id, each message's step, sizes
 * and timing. The real authentication is the pairing key k and the SAS (shared/pairing): the relay
 * can drop, delay, reorder or replay messages, never forge one.
 *
 * - `POST /v1/pairing/:invite/messages` `{ step, box }` → 201 `{ seq }`: `box` is the
 *   XChaCha20-Poly1305 box of one pair-message (shared/pairing/messages.ts), opaque to the server;
 *   the first post opens the mailbox (it expires `PAIRING_TTL_MS` later). Refusals: 409 `CONFLICT`
 *   closed, 410 `STALE` expired, 413 `PAYLOAD_TOO_LARGE` a box or the mailbox over its limits.
 * - `GET /v1/pairing/:invite/messages?after=SEQ&wait=S` → 200 `{ messages: [{ seq, step, box }],
 *   closed }`: the messages with seq > after (default 0) in order, at most `PAIRING_MAX_MESSAGES`;
 *   with `wait` (seconds, at most `PAIRING_MAX_WAIT_S`) the answer waits until one arrives or the
 *   mailbox closes. A mailbox never opened is empty; an expired one is 410 `STALE`.
 * - `POST /v1/pairing/:invite/close` (no body) → 204: no more posts (409 `CONFLICT` afterwards);
 *   what is there stays readable until the mailbox expires.
 */
import { z } from 'zod';
import { PAIRING_STEPS } from '../../pairing/transcript';
import { boundedBytes, fixedBytes } from './bytes-field';

export const PAIRING_MESSAGES_PATH = '/v1/pairing/:invite/messages';
export const PAIRING_CLOSE_PATH = '/v1/pairing/:invite/close';
export const pairingMessagesPath = (invite: string): string => `/v1/pairing/${invite}/messages`;
export const pairingClosePath = (invite: string): string => `/v1/pairing/${invite}/close`;

/** The invite id (shared/pairing/invite.ts): 16 random bytes. */
export const INVITE_ID_BYTES = 16;
/** How long a mailbox lives after its first message (the trusted device's own limit is 5 minutes). */
export const PAIRING_TTL_MS = 10 * 60 * 1000;
/** Largest box accepted (an approval with two collection pins is about 1.3 KB; each pin adds about 100 bytes). */
export const PAIRING_BOX_MAX_BYTES = 64 * 1024;
/** At most this many messages and bytes (of boxes) per mailbox. */
export const PAIRING_MAX_MESSAGES = 16;
export const PAIRING_MAILBOX_MAX_BYTES = 256 * 1024;
/** Longest long-poll, in seconds. */
export const PAIRING_MAX_WAIT_S = 10;
export const PAIRING_BODY_LIMIT = Math.ceil((PAIRING_BOX_MAX_BYTES * 4) / 3) + 256;

export const pairingStepSchema = z.enum(PAIRING_STEPS);

export const pairingParamsSchema = z.object({ invite: fixedBytes(INVITE_ID_BYTES) }).strict();

export const postPairingMessageRequestSchema = z.object({ step: pairingStepSchema, box: boundedBytes(PAIRING_BOX_MAX_BYTES) }).strict();
export const postPairingMessageResponseSchema = z.object({ seq: z.number().int().min(1).max(PAIRING_MAX_MESSAGES) }).strict();

const decimal = (max: number) =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]{0,2})$/)
    .transform(Number)
    .pipe(z.number().int().min(0).max(max));

export const pairingMessagesQuerySchema = z
  .object({ after: decimal(PAIRING_MAX_MESSAGES).optional(), wait: decimal(PAIRING_MAX_WAIT_S).optional() })
  .strict();

export const relayedMessageSchema = z
  .object({ seq: z.number().int().min(1).max(PAIRING_MAX_MESSAGES), step: pairingStepSchema, box: boundedBytes(PAIRING_BOX_MAX_BYTES) })
  .strict();
export const pairingMessagesResponseSchema = z
  .object({ messages: z.array(relayedMessageSchema).max(PAIRING_MAX_MESSAGES), closed: z.boolean() })
  .strict();

export type PostPairingMessageRequest = z.infer<typeof postPairingMessageRequestSchema>;
export type RelayedMessage = z.infer<typeof relayedMessageSchema>;
export type PairingMessagesResponse = z.infer<typeof pairingMessagesResponseSchema>;
