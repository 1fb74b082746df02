/**
 * `GET /v1/hints` upgraded to a WebSocket (@fastify/websocket; contract in
 * shared/protocol/api/hints.ts). The upgrade counts against the per-address limit of the
 * unauthenticated endpoints. The first message must be `{ token }` naming a live session (it then
 * counts against that device's limit); anything else, or nothing within 10 s, closes the socket with
 * 1008. An authenticated socket receives `{ collection, seq }` for every batch appended to a
 * collection its account is a member of (`server/hints/hint-hub.ts`), sends nothing more (another
 * message closes it with 1008), and is closed with 4001 once its session has ended: the session is
 * re-checked before each hint and every `sessionRecheckMs`, when the server also pings (a socket
 * that missed the previous pong is dropped). No message content is ever logged.
 * A plain GET without an upgrade is 400 `BAD_INPUT`.
 */
import websocket from '@fastify/websocket';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { WebSocket, RawData } from 'ws';
import { fromBase64url, toBase64url } from '../../../shared/crypto/base64url';
import {
  HINT_AUTH_TIMEOUT_MS,
  HINT_CLOSE_POLICY,
  HINT_CLOSE_SESSION_ENDED,
  HINT_MAX_CLIENT_MESSAGE,
  hintAuthSchema,
  hintSchema,
  HINTS_PATH,
} from '../../../shared/protocol/api/hints';
import { VaultError } from '../../../shared/protocol/errors';
import { findSession, type Session } from '../../db/auth-store';
import type { VaultDatabase } from '../../db/open-database';
import { enforceRateLimit } from '../../db/rate-limit';
import type { LogHint } from '../../hints/hint-bus';
import type { HintHub } from '../../hints/hint-hub';
import { authBucket, deviceBucket, type RateLimits } from '../rate-limits';

export const DEFAULT_SESSION_RECHECK_MS = 30_000;

export interface HintsRouteOptions {
  readonly database: VaultDatabase;
  readonly rateLimits: RateLimits;
  readonly hub: HintHub;
  readonly sessionRecheckMs?: number;
}

/** The session named by a first message, or undefined for anything else. */
async function authenticate(database: VaultDatabase, rateLimits: RateLimits, data: RawData, isBinary: boolean): Promise<{ session: Session; token: Uint8Array } | undefined> {
  if (isBinary) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : '');
  } catch {
    return undefined;
  }
  const message = hintAuthSchema.safeParse(parsed);
  if (!message.success) return undefined;
  const token = fromBase64url(message.data.token);
  const session = await findSession(database.db, token, Date.now());
  if (session === undefined) return undefined;
  await enforceRateLimit(database.db, deviceBucket(session.accountId, session.deviceId), rateLimits.device, Date.now());
  return { session, token };
}

function open(socket: WebSocket): boolean {
  return socket.readyState === socket.OPEN;
}

export const hintsRoute: FastifyPluginAsync<HintsRouteOptions> = async (app, options) => {
  const { database, rateLimits, hub } = options;
  const recheckMs = options.sessionRecheckMs ?? DEFAULT_SESSION_RECHECK_MS;
  await app.register(websocket, {
    options: { maxPayload: HINT_MAX_CLIENT_MESSAGE },
    errorHandler: (error, socket, request) => {
      request.log.info({ cause: (error as { code?: unknown }).code }, 'hint socket error');
      socket.terminate();
    },
  });

  const subscribe = (socket: WebSocket, request: FastifyRequest, session: Session, token: Uint8Array) => {
    const alive = async () => open(socket) && (await findSession(database.db, token, Date.now())) !== undefined;
    const endIfGone = async () => {
      if (!(await alive()) && open(socket)) socket.close(HINT_CLOSE_SESSION_ENDED, 'session ended');
    };
    const send = (hint: LogHint) => {
      alive().then(
        (yes) => {
          if (yes) socket.send(JSON.stringify(hintSchema.parse({ collection: toBase64url(hint.collectionId), seq: hint.seq })));
          else if (open(socket)) socket.close(HINT_CLOSE_SESSION_ENDED, 'session ended');
        },
        (error: unknown) => request.log.warn({ err: error }, 'hints: session check failed'),
      );
    };
    const remove = hub.add({ accountId: session.accountId, deliver: send });
    // Each tick re-checks the session and pings; a peer that did not answer the last ping is gone.
    let answered = true;
    socket.on('pong', () => (answered = true));
    const timer = setInterval(() => {
      if (!answered) return socket.terminate();
      answered = false;
      if (open(socket)) socket.ping();
      void endIfGone().catch(() => {});
    }, recheckMs);
    timer.unref();
    socket.on('close', () => {
      remove();
      clearInterval(timer);
    });
  };

  app.route({
    method: 'GET',
    url: HINTS_PATH,
    onRequest: async (request) => {
      await enforceRateLimit(database.db, authBucket(request.ip), rateLimits.auth, Date.now());
    },
    handler: async () => {
      throw new VaultError('BAD_INPUT', 'a WebSocket upgrade is required');
    },
    wsHandler: (socket, request) => {
      let state: 'waiting' | 'checking' | 'open' = 'waiting';
      const refuse = () => {
        if (open(socket)) socket.close(HINT_CLOSE_POLICY, 'authentication failed');
      };
      const timeout = setTimeout(refuse, HINT_AUTH_TIMEOUT_MS);
      timeout.unref();
      socket.on('close', () => clearTimeout(timeout));
      socket.on('message', (data, isBinary) => {
        if (state !== 'waiting') return refuse();
        state = 'checking';
        clearTimeout(timeout);
        authenticate(database, rateLimits, data, isBinary).then(
          (auth) => {
            if (auth === undefined) {
              request.log.info({ event: 'hint auth refused' }, 'hint socket refused');
              return refuse();
            }
            if (!open(socket)) return;
            state = 'open';
            subscribe(socket, request, auth.session, auth.token);
          },
          (error: unknown) => {
            request.log.info({ code: error instanceof VaultError ? error.code : 'INTERNAL' }, 'hint socket refused');
            refuse();
          },
        );
      });
    },
  });
};
