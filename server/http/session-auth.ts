/**
 * Bearer-token check for the endpoints behind a session (DESIGN.md §6 Server API): the
 * `Authorization: Bearer <base64url token>` header is looked up by its hash on every request, with
 * the device's revoked flag, so a revoked device is refused at once. Every failure is the same 401
 * body as the auth endpoints (`UNAUTHORIZED_BODY`). A live session whose account or device an
 * operator froze (`npm run admin -- freeze …`) is 403 `FROZEN` instead, on every endpoint, until
 * unfrozen: the device holds a valid key, so telling it why is safe and saves it from re-signing in.
 */
import type { FastifyRequest } from 'fastify';
import { fromBase64url } from '../../shared/crypto/base64url';
import { TOKEN_BYTES } from '../../shared/protocol/api/auth';
import { VaultError } from '../../shared/protocol/errors';
import { lookupSession, type Session } from '../db/auth-store';
import type { Database } from '../db/schema';
import type { Kysely } from 'kysely';
import { enforceRateLimit, type RateLimit } from '../db/rate-limit';
import { deviceBucket } from './rate-limits';

/** The one message of every authentication failure. */
export const UNAUTHORIZED_MESSAGE = 'authentication failed';

/** The one message of a refusal for a frozen account or device. */
export const FROZEN_MESSAGE = 'this account or device is frozen by the server operator';

export function unauthorized(): VaultError {
  return new VaultError('UNAUTHORIZED', UNAUTHORIZED_MESSAGE);
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{43})$/;

/** The request's session; also counts the request against its device's rate limit. */
export async function requireSession(db: Kysely<Database>, request: FastifyRequest, limit: RateLimit): Promise<Session> {
  const match = BEARER.exec(request.headers.authorization ?? '');
  if (match === null) throw unauthorized();
  let token: Uint8Array;
  try {
    token = fromBase64url(match[1] ?? '');
  } catch {
    throw unauthorized();
  }
  if (token.length !== TOKEN_BYTES) throw unauthorized();
  const status = await lookupSession(db, token, Date.now());
  if (status === undefined) throw unauthorized();
  if (status.frozen) throw new VaultError('FROZEN', FROZEN_MESSAGE);
  const session = { accountId: status.accountId, deviceId: status.deviceId };
  await enforceRateLimit(db, deviceBucket(session.accountId, session.deviceId), limit, Date.now());
  return session;
}
