/**
 * The wire shape of one message and its reply, as carried by chrome.runtime messaging.
 *
 * A request is `{ name, req }`; a reply is `{ ok: true, res }` or `{ ok: false, error: { code,
 * message } }` with a code from the catalog in errors.ts. Errors never carry secrets.
 */
import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from './errors';
import type { MessageName, Req, Res } from './messages';

export interface Envelope<N extends MessageName = MessageName> {
  name: N;
  req: Req<N>;
}

export type Reply<N extends MessageName = MessageName> =
  | { ok: true; res: Res<N> }
  | { ok: false; error: { code: ErrorCode; message: string } };

/** The outer shape checked before the name-specific request schema. */
export const envelopeSchema = z.object({ name: z.string().max(64), req: z.unknown() }).strict();

export const replySchema = z.union([
  z.object({ ok: z.literal(true), res: z.unknown() }).strict(),
  z.object({ ok: z.literal(false), error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).strict() }).strict(),
]);
