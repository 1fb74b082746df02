/**
 * One HTTP exchange with the sync server, for every client module here: an injected `fetch` (the
 * service worker's, or Node's with a test CA) called with `redirect: "error"` (DESIGN.md §6: a
 * redirect could carry a token elsewhere), no cookies, no cache and a timeout; the answer's body is
 * parsed with the endpoint's shared zod contract (`shared/protocol/api/`, `.strict()`).
 *
 * Failures become VaultErrors (the codes shared/sync/engine/ports.ts promises): a network failure,
 * a timeout or a 5xx is UNAVAILABLE; 409 CONFLICT; 401 UNAUTHORIZED; 429 RATE_LIMITED; any other
 * refusal takes the code of the server's generic error body when it is one the server uses (FROZEN
 * included: an operator froze the account or device)
 * (`SERVER_CODES`; a server cannot make the client report a verification state such as FORK this
 * way), else a code from its status; a success whose body breaks its contract, or an unexpected 2xx,
 * is BAD_ENCODING: nothing unchecked is returned.
 */
import type { z } from 'zod';
import { errorBodySchema } from '../api/error-body';
import { VaultError, type ErrorCode } from '../errors';

/** The slice of `fetch` the client needs; the global fetch and undici's both fit. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface Endpoint {
  /** `https://host:port` of the server, without a trailing slash. */
  readonly server: string;
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
}

export interface Exchange {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path and query, e.g. `/v1/collections/…/changes?since=3`. */
  readonly path: string;
  readonly body?: unknown;
  readonly token?: string;
}

/** Removes one trailing slash, so `https://host/` and `https://host` give the same URLs. */
export function serverBase(server: string): string {
  return server.endsWith('/') ? server.slice(0, -1) : server;
}

/** Sends the request; resolves with the response whatever its status, rejects UNAVAILABLE on a network failure. */
export async function send(endpoint: Endpoint, exchange: Exchange): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (exchange.body !== undefined) headers['content-type'] = 'application/json';
  if (exchange.token !== undefined) headers.authorization = `Bearer ${exchange.token}`;
  // Called detached: a browser's fetch refuses to run with another object as `this`.
  const fetch = endpoint.fetch;
  try {
    return await fetch(endpoint.server + exchange.path, {
      method: exchange.method,
      headers,
      ...(exchange.body === undefined ? {} : { body: JSON.stringify(exchange.body) }),
      redirect: 'error',
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.timeout(endpoint.timeoutMs),
    });
  } catch {
    throw new VaultError('UNAVAILABLE', 'the sync server cannot be reached');
  }
}

/** The body of a successful answer (`expected` status), checked against its contract. */
export async function parseSuccess<S extends z.ZodType>(response: Response, expected: number, schema: S): Promise<z.output<S>> {
  if (response.status !== expected) throw await failureOf(response);
  let json: unknown;
  try {
    json = await response.json();
  } catch (error) {
    if (error instanceof SyntaxError) throw new VaultError('BAD_ENCODING', 'the sync server answered outside its contract');
    throw new VaultError('UNAVAILABLE', 'the sync server answer was cut off');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new VaultError('BAD_ENCODING', 'the sync server answered outside its contract');
  return parsed.data;
}

/** Checks a bodiless success (204). */
export async function expectEmpty(response: Response, expected: number): Promise<void> {
  if (response.status !== expected) throw await failureOf(response);
  await response.body?.cancel().catch(() => {});
}

const CODE_OF_STATUS: Readonly<Record<number, ErrorCode>> = {
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN_SENDER',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
};

/** The codes a refusal from the server may carry through to the caller. */
export const SERVER_CODES: readonly ErrorCode[] = [
  'BAD_INPUT',
  'BAD_CHAIN',
  'BAD_SIGNATURE',
  'NOT_FOUND',
  'FORBIDDEN_SENDER',
  'FROZEN',
  'PAYLOAD_TOO_LARGE',
];

/** The VaultError for a refusal or a server failure. */
export async function failureOf(response: Response): Promise<VaultError> {
  const status = response.status;
  if (status >= 200 && status < 300) {
    await response.body?.cancel().catch(() => {});
    return new VaultError('BAD_ENCODING', `the sync server answered ${status}, outside its contract`);
  }
  if (status >= 500 || status < 400) {
    await response.body?.cancel().catch(() => {});
    return new VaultError('UNAVAILABLE', `the sync server answered ${status}`);
  }
  const body = errorBodySchema.safeParse(await response.json().catch(() => null));
  const fixed = status === 401 || status === 409 || status === 429 ? CODE_OF_STATUS[status] : undefined;
  const given = body.success && SERVER_CODES.includes(body.data.error.code) ? body.data.error.code : undefined;
  const code = fixed ?? given ?? CODE_OF_STATUS[status] ?? 'BAD_INPUT';
  const message = body.success ? body.data.error.message : 'no error body';
  return new VaultError(code, `the sync server answered ${status}: ${message}`);
}
