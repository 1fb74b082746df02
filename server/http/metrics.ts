/**
 * The server's Prometheus metrics (prom-client, text exposition format 0.0.4), one registry per app
 * so several servers in one process (tests) never share counters. Every label is bounded and says
 * nothing about any one account: routes are Fastify's route patterns (`/v1/accounts/:id/chain`,
 * never a path with ids in it), statuses are numbers, error codes come from the one catalog in
 * shared/protocol/errors.ts. What is measured:
 * - `vault_http_requests_total{method,route,status}`: every answered request (`route` is
 *   `unmatched` for paths no route serves);
 * - `vault_http_errors_total{code}`: refusals and failures by machine code;
 * - `vault_auth_failures_total{kind}`: `sign-in` (a refused challenge signature), `session` (a
 *   missing, unknown or expired bearer token, or a revoked device, on an endpoint behind a session)
 *   and `metrics` (a wrong `METRICS_TOKEN`); refused hint sockets are logged, not counted here;
 * - `vault_batch_push_duration_seconds{outcome}`: time to answer `POST /v1/collections/:id/batches`
 *   (`appended`, `refused` for a 4xx, `failed` for a 5xx);
 * - gauges read at scrape time (`./metrics-gauges.ts`): database size, accounts, devices,
 *   collections and frozen marks;
 * - Node's process metrics (CPU, memory, event-loop delay, GC) from prom-client's defaults.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { VaultDatabase } from '../db/open-database';
import { AUTH_SESSION_PATH } from '../../shared/protocol/api/auth';
import { COLLECTION_BATCHES_PATH } from '../../shared/protocol/api/collections';
import type { ErrorCode } from '../../shared/protocol/errors';
import { registerDatabaseGauges } from './metrics-gauges';
import { METRICS_PATH } from './routes/metrics';

/** Latency buckets for a batch push, in seconds: a durable SQLite commit is a few ms. */
export const PUSH_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface AnsweredRequest {
  readonly method: string;
  /** Fastify's route pattern, or undefined when no route matched. */
  readonly route: string | undefined;
  readonly status: number;
  readonly seconds: number;
}

export interface ServerMetrics {
  readonly registry: Registry;
  /** Counts one answered request (and times it, for batch pushes). */
  answered(request: AnsweredRequest): void;
  /** Counts one refusal or failure by its machine code. */
  refused(code: ErrorCode): void;
}

function authFailureKind(route: string | undefined): 'sign-in' | 'metrics' | 'session' {
  if (route === AUTH_SESSION_PATH) return 'sign-in';
  return route === METRICS_PATH ? 'metrics' : 'session';
}

export function createServerMetrics(database: VaultDatabase): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'vault_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'vault_http_errors_total',
    help: 'Requests refused or failed, by machine error code (shared/protocol/errors.ts)',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const authFailures = new Counter({
    name: 'vault_auth_failures_total',
    help: 'Authentication failures: sign-in (refused challenge signature), session (bad or ended bearer token), metrics (wrong metrics token)',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const pushes = new Histogram({
    name: 'vault_batch_push_duration_seconds',
    help: 'Time to answer a batch push (POST /v1/collections/:id/batches), by outcome',
    labelNames: ['outcome'] as const,
    buckets: PUSH_BUCKETS,
    registers: [registry],
  });
  registerDatabaseGauges(registry, database);
  for (const kind of ['sign-in', 'session', 'metrics']) authFailures.inc({ kind }, 0);

  return {
    registry,
    answered({ method, route, status, seconds }) {
      requests.inc({ method, route: route ?? 'unmatched', status: String(status) });
      if (status === 401) authFailures.inc({ kind: authFailureKind(route) });
      if (method === 'POST' && route === COLLECTION_BATCHES_PATH) {
        pushes.observe({ outcome: status < 400 ? 'appended' : status < 500 ? 'refused' : 'failed' }, seconds);
      }
    },
    refused(code) {
      errors.inc({ code });
    },
  };
}
