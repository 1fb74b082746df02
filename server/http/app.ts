/**
 * The HTTP application: one Fastify 5 instance over HTTPS (TLS 1.2 or later) with
 * - structured pino logs that never carry bodies, headers or query strings (`./logging`);
 * - one generic error body `{ error: { code, message } }` for every failure (`./error-reply`),
 *   unknown routes included (404 `NOT_FOUND`);
 * - a body limit (1 MiB by default), JSON as the only body type, prototype-poisoning refused;
 * - security headers on every response (`./security-headers`);
 * - Prometheus metrics of every answer and refusal (`./metrics`), served at `GET /metrics` to the
 *   reader `./metrics-access` allows;
 * - the routes, each registered from its own module under `./routes/`: health, accounts (and an
 *   account's own data view and deletion), auth
 *   (challenge and session), identity chains, collection chains, collection logs (batches and
 *   changes), heartbeats, the WebSocket hints fed by the hint bus (`../hints/`), the pairing
 *   relay (no session: keyed by invite id), recovery's first steps (no session: kit-signed) and
 *   the removal check of a refused device (no session: signed under "removal/v1").
 * Builds but does not listen: `start-server.ts` does, and tests may `inject` instead.
 */
import Fastify from 'fastify';
import type { Logger } from 'pino';
import type { VaultDatabase } from '../db/open-database';
import type { HintBus } from '../hints/hint-bus';
import { HintHub } from '../hints/hint-hub';
import { localHintBus } from '../hints/local-hint-bus';
import { errorBody, frameworkCodeOf, toErrorReply } from './error-reply';
import { createServerMetrics } from './metrics';
import { accountDataRoute } from './routes/account-data';
import { accountDeletionRoute } from './routes/account-deletion';
import { accountsRoute } from './routes/accounts';
import { authRoute } from './routes/auth';
import { collectionChainRoute } from './routes/collection-chain';
import { collectionsRoute } from './routes/collections';
import { healthRoute } from './routes/health';
import { heartbeatsRoute } from './routes/heartbeats';
import { hintsRoute } from './routes/hints';
import { identityChainRoute } from './routes/identity-chain';
import { metricsRoute } from './routes/metrics';
import { pairingRoute } from './routes/pairing';
import { recoveryRoute } from './routes/recovery';
import { removalRoute } from './routes/removal';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './rate-limits';
import { SECURITY_HEADERS } from './security-headers';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const REQUEST_TIMEOUT_MS = 30_000;

export interface AppOptions {
  readonly tls: { readonly certPem: string; readonly keyPem: string };
  readonly database: VaultDatabase;
  readonly logger: Logger;
  readonly bodyLimit?: number;
  /** The origin clients reach this server at, signed into every auth challenge (read per request). */
  readonly origin: () => string;
  /** Per-address and per-device request limits (default `DEFAULT_RATE_LIMITS`). */
  readonly rateLimits?: RateLimits;
  /** Where appended batches are announced (default: in-process, right for SQLite). */
  readonly hints?: HintBus;
  /** How often an idle hint socket's session is re-checked (default 30 s). */
  readonly sessionRecheckMs?: number;
  /** The bearer token `GET /metrics` requires; unset: loopback peers only (`./metrics-access`). */
  readonly metricsToken?: string;
}

export function buildApp(options: AppOptions) {
  const app = Fastify({
    https: { cert: options.tls.certPem, key: options.tls.keyPem, minVersion: 'TLSv1.2' },
    loggerInstance: options.logger,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    requestTimeout: REQUEST_TIMEOUT_MS,
    requestIdHeader: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });
  app.removeContentTypeParser('text/plain');
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    return payload;
  });
  const metrics = createServerMetrics(options.database);
  app.addHook('onResponse', async (request, reply) => {
    metrics.answered({ method: request.method, route: request.routeOptions.url, status: reply.statusCode, seconds: reply.elapsedTime / 1000 });
  });
  app.setNotFoundHandler(async (_request, reply) => {
    metrics.refused('NOT_FOUND');
    return reply.code(404).send(errorBody('NOT_FOUND', 'no such endpoint'));
  });
  app.setErrorHandler(async (error, request, reply) => {
    const { status, body } = toErrorReply(error);
    metrics.refused(body.error.code);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.error.code, cause: frameworkCodeOf(error) }, 'request refused');
    return reply.code(status).send(body);
  });
  app.register(healthRoute, { database: options.database });
  app.register(metricsRoute, { metrics, token: options.metricsToken });
  const rateLimits = options.rateLimits ?? DEFAULT_RATE_LIMITS;
  app.register(accountsRoute, { database: options.database, rateLimits });
  app.register(accountDataRoute, { database: options.database, rateLimits });
  app.register(accountDeletionRoute, { database: options.database, rateLimits, origin: options.origin });
  app.register(authRoute, { database: options.database, origin: options.origin, rateLimits });
  app.register(identityChainRoute, { database: options.database, rateLimits });
  const hints = options.hints ?? localHintBus();
  const hub = new HintHub(hints, options.database.db, options.logger);
  app.addHook('onClose', async () => hub.close());
  app.register(collectionChainRoute, { database: options.database, rateLimits });
  app.register(collectionsRoute, { database: options.database, rateLimits, hints });
  app.register(heartbeatsRoute, { database: options.database, rateLimits });
  app.register(pairingRoute, { database: options.database, rateLimits });
  app.register(recoveryRoute, { database: options.database, rateLimits });
  app.register(removalRoute, { database: options.database, origin: options.origin, rateLimits });
  app.register(hintsRoute, {
    database: options.database,
    rateLimits,
    hub,
    ...(options.sessionRecheckMs === undefined ? {} : { sessionRecheckMs: options.sessionRecheckMs }),
  });
  return app;
}

export type VaultApp = ReturnType<typeof buildApp>;
