/**
 * Who may read `GET /metrics` (docs/server.md, "Metrics"). The metrics hold totals and rates only,
 * never anything per account, but traffic figures are still the operator's business:
 * - with `METRICS_TOKEN` set: only a request with `Authorization: Bearer <METRICS_TOKEN>`, from
 *   anywhere (compared in constant time over SHA-256 digests); anything else is 401;
 * - without it: only a request whose TCP peer is a loopback address and that carries no proxy
 *   header (`Forwarded`, `X-Forwarded-For`, `X-Real-IP`), so a reverse proxy on the same host does
 *   not expose the endpoint to the world; anything else is the 404 of an unknown route.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export type MetricsAccess = 'allowed' | 'unauthorized' | 'hidden';

export interface MetricsRequest {
  /** The TCP peer's address (`request.socket.remoteAddress`), not a proxy header. */
  readonly peer: string | undefined;
  readonly headers: IncomingHttpHeaders;
}

const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export function metricsAccess(request: MetricsRequest, token: string | undefined): MetricsAccess {
  if (token !== undefined) {
    const given = request.headers.authorization ?? '';
    return timingSafeEqual(digest(given), digest(`Bearer ${token}`)) ? 'allowed' : 'unauthorized';
  }
  const proxied = PROXY_HEADERS.some((name) => request.headers[name] !== undefined);
  return isLoopback(request.peer) && !proxied ? 'allowed' : 'hidden';
}
