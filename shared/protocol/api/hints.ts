/**
 * Contract of the WebSocket hint channel (DESIGN.md §6 Triggers, Server API): `GET /v1/hints`
 * upgraded to a WebSocket. The client's first message is `{ token }`, a session token of
 * `POST /v1/auth/session`; anything else, a token that does not open a session, or no message within
 * `HINT_AUTH_TIMEOUT_MS` closes the socket with `HINT_CLOSE_POLICY` (1008, RFC 6455 §7.4.1). The
 * server then only sends `{ collection, seq }` when a batch is appended to a collection the account
 * is a member of. A hint is a trigger, never evidence: the client pulls and verifies as always. The
 * socket closes with `HINT_CLOSE_SESSION_ENDED` when the session expires or its device is revoked.
 * Messages are JSON text frames, `.strict()` both ways.
 */
import { z } from 'zod';
import { collectionIdField, fixedBytes } from './bytes-field';
import { TOKEN_BYTES } from './auth';
import { COUNTER_MAX } from './collections';

export const HINTS_PATH = '/v1/hints';

/** RFC 6455 "policy violation": a first message that is not a valid session. */
export const HINT_CLOSE_POLICY = 1008;
/** Application code: the session ended (expired, or its device was revoked); sign in again. */
export const HINT_CLOSE_SESSION_ENDED = 4001;
export const HINT_AUTH_TIMEOUT_MS = 10_000;
/** Largest frame the server accepts from a client (the first message is ~60 bytes); more closes with 1009. */
export const HINT_MAX_CLIENT_MESSAGE = 1024;

export const hintAuthSchema = z.object({ token: fixedBytes(TOKEN_BYTES) }).strict();
export const hintSchema = z.object({ collection: collectionIdField, seq: z.number().int().min(1).max(COUNTER_MAX) }).strict();

export type HintAuth = z.infer<typeof hintAuthSchema>;
export type Hint = z.infer<typeof hintSchema>;
