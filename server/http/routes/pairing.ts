/**
 * The pairing relay (shared/protocol/api/pairing.ts, docs/pairing.md §11): `POST` and `GET
 * /v1/pairing/:invite/messages` and `POST /v1/pairing/:invite/close`, without a session (the new
 * device has none yet). The invite id in the path is the only handle: the server stores the sealed
 * boxes it cannot open (server/db/pairing-mailbox.ts), keeps each mailbox `PAIRING_TTL_MS`, bounds
 * a box, a mailbox's message count and bytes, and counts every request against the client
 * address's `pairing` rate limit. A GET may long-poll (`wait`, pairing-waiters.ts). Expired
 * mailboxes are purged on every post and once a minute.
 *
 * Refusals: 400 `BAD_INPUT` (contract), 409 `CONFLICT` (closed), 410 `STALE` (expired), 413
 * `PAYLOAD_TOO_LARGE` (box or mailbox over its limit), 429 `RATE_LIMITED`. Nothing about the
 * messages is logged beyond what every request logs.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { fromBase64url, toBase64url } from '../../../shared/crypto/base64url';
import { base64urlLength } from '../../../shared/protocol/api/bytes-field';
import {
  PAIRING_BODY_LIMIT,
  PAIRING_BOX_MAX_BYTES,
  PAIRING_CLOSE_PATH,
  PAIRING_MESSAGES_PATH,
  pairingMessagesQuerySchema,
  pairingMessagesResponseSchema,
  pairingParamsSchema,
  postPairingMessageRequestSchema,
  postPairingMessageResponseSchema,
} from '../../../shared/protocol/api/pairing';
import { VaultError } from '../../../shared/protocol/errors';
import type { VaultDatabase } from '../../db/open-database';
import { closePairingMailbox, postPairingMessage, purgePairingMailboxes, readPairingMessages } from '../../db/pairing-mailbox';
import { enforceRateLimit } from '../../db/rate-limit';
import { errorBody } from '../error-reply';
import { parseInput } from '../parse-input';
import { DEFAULT_PAIRING_RATE_LIMIT, pairingBucket, type RateLimits } from '../rate-limits';
import { PairingWaiters } from './pairing-waiters';

export interface PairingRouteOptions {
  readonly database: VaultDatabase;
  readonly rateLimits: RateLimits;
}

const PURGE_EVERY_MS = 60_000;

/** Runs a handler; an expired mailbox is 410 `STALE` (the generic mapping would say 400). */
async function answering<T>(reply: FastifyReply, run: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof VaultError && error.code === 'STALE') return reply.code(410).send(errorBody('STALE', error.message));
    throw error;
  }
}

/** A box over PAIRING_BOX_MAX_BYTES is 413 like an over-limit body, not 400, even when the body fits. */
function refuseOversizedBox(body: unknown): void {
  if (typeof body !== 'object' || body === null || !('box' in body) || typeof body.box !== 'string') return;
  if (body.box.length > base64urlLength(PAIRING_BOX_MAX_BYTES)) throw new VaultError('PAYLOAD_TOO_LARGE', 'pairing message too large');
}

export const pairingRoute: FastifyPluginAsync<PairingRouteOptions> = async (app, { database, rateLimits }) => {
  const db = database.db;
  const waiters = new PairingWaiters();
  const limit = rateLimits.pairing ?? DEFAULT_PAIRING_RATE_LIMIT;
  const inviteOf = (request: FastifyRequest) => fromBase64url(parseInput(pairingParamsSchema, request.params).invite);
  const purge = () => purgePairingMailboxes(db, Date.now());
  const timer = setInterval(() => {
    purge().catch((error: unknown) => app.log.warn({ err: error }, 'pairing mailbox purge failed'));
  }, PURGE_EVERY_MS);
  timer.unref();
  app.addHook('preClose', async () => {
    clearInterval(timer);
    waiters.stop();
  });

  app.post(PAIRING_MESSAGES_PATH, { bodyLimit: PAIRING_BODY_LIMIT }, async (request, reply) =>
    answering(reply, async () => {
      await enforceRateLimit(db, pairingBucket(request.ip), limit, Date.now());
      const invite = inviteOf(request);
      refuseOversizedBox(request.body);
      const body = parseInput(postPairingMessageRequestSchema, request.body);
      await purge();
      const seq = await postPairingMessage(database, invite, body.step, fromBase64url(body.box), Date.now());
      waiters.wake(Buffer.from(invite).toString('hex'));
      return reply.code(201).send(postPairingMessageResponseSchema.parse({ seq }));
    }),
  );

  app.get(PAIRING_MESSAGES_PATH, async (request, reply) =>
    answering(reply, async () => {
      await enforceRateLimit(db, pairingBucket(request.ip), limit, Date.now());
      const invite = inviteOf(request);
      const query = parseInput(pairingMessagesQuerySchema, request.query);
      const deadline = Date.now() + (query.wait ?? 0) * 1000;
      const read = () => readPairingMessages(db, invite, query.after ?? 0, Date.now());
      const contents = await waiters.until(Buffer.from(invite).toString('hex'), deadline, Date.now, read, (c) => c.messages.length > 0 || c.closed);
      return pairingMessagesResponseSchema.parse({
        messages: contents.messages.map((m) => ({ seq: m.seq, step: m.step, box: toBase64url(m.box) })),
        closed: contents.closed,
      });
    }),
  );

  app.post(PAIRING_CLOSE_PATH, { bodyLimit: 64 }, async (request, reply) => {
    await enforceRateLimit(db, pairingBucket(request.ip), limit, Date.now());
    const invite = inviteOf(request);
    if (request.body !== undefined && request.body !== null) throw new VaultError('BAD_INPUT', 'malformed request');
    await closePairingMailbox(db, invite, Date.now());
    waiters.wake(Buffer.from(invite).toString('hex'));
    return reply.code(204).send();
  });
};
