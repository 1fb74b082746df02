/**
 * Maps any failure inside a request to the one generic error body of `shared/protocol/api/
 * error-body.ts`: an HTTP status, a machine code from the catalog and a short message. A
 * `VaultError` keeps its code (and, below 500, its message); a framework error with a 4xx status
 * (malformed JSON, wrong content type, body too large) gets a fixed message, never the parser's,
 * which can quote the body; everything else is a 500 `INTERNAL` with a generic message, logged in
 * full on the server only.
 */
import type { ErrorBody } from '../../shared/protocol/api/error-body';
import { VaultError, type ErrorCode } from '../../shared/protocol/errors';

export interface ErrorReply {
  readonly status: number;
  readonly body: ErrorBody;
}

const STATUS_OF_CODE: Partial<Record<ErrorCode, number>> = {
  UNAUTHORIZED: 401,
  FORBIDDEN_SENDER: 403,
  FROZEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  BAD_CONFIG: 500,
  UNAVAILABLE: 503,
};

const MESSAGE_MAX = 200;

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message: message.slice(0, MESSAGE_MAX) } };
}

export function toErrorReply(error: unknown): ErrorReply {
  if (error instanceof VaultError) {
    const status = STATUS_OF_CODE[error.code] ?? 400;
    if (status >= 500) return internal(status, error.code === 'UNAVAILABLE' ? 'UNAVAILABLE' : 'INTERNAL');
    return { status, body: errorBody(error.code, error.message) };
  }
  const status = statusOf(error);
  if (status === 404) return { status, body: errorBody('NOT_FOUND', 'no such endpoint') };
  if (status === 413) return { status, body: errorBody('PAYLOAD_TOO_LARGE', 'request body too large') };
  if (status === 415) return { status, body: errorBody('BAD_INPUT', 'unsupported content type') };
  if (status === 503) return internal(503, 'UNAVAILABLE');
  if (status !== undefined && status >= 400 && status < 500) {
    return { status, body: errorBody('BAD_INPUT', 'malformed request') };
  }
  return internal(500, 'INTERNAL');
}

function internal(status: number, code: 'INTERNAL' | 'UNAVAILABLE'): ErrorReply {
  const message = code === 'UNAVAILABLE' ? 'service unavailable, retry later' : 'internal error';
  return { status, body: errorBody(code, message) };
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  const status = error.statusCode;
  return typeof status === 'number' && Number.isInteger(status) ? status : undefined;
}

/** The framework's own code (e.g. `FST_ERR_CTP_INVALID_JSON_BODY`), safe to log: never input. */
export function frameworkCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
