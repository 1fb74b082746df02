/**
 * The server's structured logger (pino, JSON lines) and its policy: a request is logged as its id,
 * method and path only — never its query string, headers (Authorization, cookies, session tokens),
 * body, or the response body. Redaction backs the serializers up for anything logged by hand.
 * Vault data is ciphertext anyway (DESIGN.md §2), but session tokens and request shapes are not.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config';

/** Paths censored wherever they appear in a log object (one level of wildcard, as pino allows). */
export const REDACTED_PATHS = [
  'headers',
  'body',
  'query',
  'authorization',
  'cookie',
  'token',
  'sessionToken',
  'password',
  'req.headers',
  'req.body',
  'req.query',
  'res.headers',
  'res.body',
  '*.headers',
  '*.body',
  '*.authorization',
  '*.token',
  '*.password',
];

interface LoggedRequest {
  id?: unknown;
  method?: unknown;
  url?: unknown;
}

/** The request as logged: no query string, no headers, no body. */
export function serializeRequest(req: LoggedRequest): { id: unknown; method: unknown; path: string } {
  const url = typeof req.url === 'string' ? req.url : '';
  const cut = url.search(/[?#]/);
  return { id: req.id, method: req.method, path: cut === -1 ? url : url.slice(0, cut) };
}

export function serializeResponse(res: { statusCode?: unknown }): { statusCode: unknown } {
  return { statusCode: res.statusCode };
}

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { req: serializeRequest, res: serializeResponse, err: pino.stdSerializers.err },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
