/**
 * `GET /metrics`: the server's Prometheus metrics (`../metrics.ts`) in the text exposition format,
 * for the reader `../metrics-access.ts` allows (a bearer `METRICS_TOKEN`, or a loopback peer when
 * no token is configured). Refusals use the generic error body: 401 `UNAUTHORIZED` for a wrong
 * token, the 404 `NOT_FOUND` of an unknown route otherwise.
 */
import type { FastifyPluginAsync } from 'fastify';
import { VaultError } from '../../../shared/protocol/errors';
import { metricsAccess } from '../metrics-access';
import type { ServerMetrics } from '../metrics';

export const METRICS_PATH = '/metrics';

export interface MetricsRouteOptions {
  readonly metrics: ServerMetrics;
  /** The bearer token scrapers must present; undefined: loopback peers only. */
  readonly token: string | undefined;
}

export const metricsRoute: FastifyPluginAsync<MetricsRouteOptions> = async (app, { metrics, token }) => {
  app.get(METRICS_PATH, async (request, reply) => {
    const access = metricsAccess({ peer: request.socket.remoteAddress, headers: request.headers }, token);
    if (access === 'unauthorized') throw new VaultError('UNAUTHORIZED', 'metrics need the operator token');
    if (access === 'hidden') throw new VaultError('NOT_FOUND', 'no such endpoint');
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
};
