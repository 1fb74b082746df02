/**
 * `POST /v1/auth/challenge` and `POST /v1/auth/session` (shared/protocol/api/auth.ts).
 * A challenge is issued for any well-formed (account, device) and stored in the database, single
 * use, for 60 s. A session is granted only when the nonce was issued for this pair and is unused and
 * unexpired, the device belongs to the account and is not revoked, and its signature (Ed25519
 * strict, context "auth/v1") verifies over `authMessage` with this server's origin. Every failure is
 * the same 401 body, and the nonce is consumed either way. The token leaves once; only its hash is kept.
 * A sign-in records the hour the device was last seen (`server/db/device-activity.ts`).
 */
import type { FastifyPluginAsync } from 'fastify';
import { fromBase64url, toBase64url } from '../../../shared/crypto/base64url';
import { signingKeyPairFromSeed, verify } from '../../../shared/crypto/ed25519';
import { randomBytes } from '../../../shared/crypto/random';
import {
  AUTH_BODY_LIMIT,
  AUTH_CHALLENGE_PATH,
  AUTH_SESSION_PATH,
  authMessage,
  CHALLENGE_TTL_MS,
  challengeRequestSchema,
  challengeResponseSchema,
  NONCE_BYTES,
  SESSION_TTL_MS,
  sessionRequestSchema,
  sessionResponseSchema,
  TOKEN_BYTES,
} from '../../../shared/protocol/api/auth';
import { findDevice } from '../../db/accounts';
import { consumeChallenge, storeChallenge, storeSession } from '../../db/auth-store';
import { recordSignIn } from '../../db/device-activity';
import type { VaultDatabase } from '../../db/open-database';
import { enforceRateLimit } from '../../db/rate-limit';
import { parseInput } from '../parse-input';
import { authBucket, type RateLimits } from '../rate-limits';
import { unauthorized } from '../session-auth';

export interface AuthRouteOptions {
  readonly database: VaultDatabase;
  readonly rateLimits: RateLimits;
  /** The origin clients reach this server at (`https://host:port`), part of the signed bytes. */
  readonly origin: () => string;
}

/** A fixed valid Ed25519 public key, verified against for unknown devices (its seed is public: never a device key). */
const UNKNOWN_DEVICE_KEY = signingKeyPairFromSeed(new Uint8Array(32)).publicKey;

export const authRoute: FastifyPluginAsync<AuthRouteOptions> = async (app, { database, origin, rateLimits }) => {
  app.post(AUTH_CHALLENGE_PATH, { bodyLimit: AUTH_BODY_LIMIT }, async (request) => {
    await enforceRateLimit(database.db, authBucket(request.ip), rateLimits.auth, Date.now());
    const body = parseInput(challengeRequestSchema, request.body);
    const now = Date.now();
    const nonce = randomBytes(NONCE_BYTES);
    const expiresAt = now + CHALLENGE_TTL_MS;
    await storeChallenge(
      database.db,
      { nonce, accountId: fromBase64url(body.account), deviceId: fromBase64url(body.device), expiresAt },
      now,
    );
    return challengeResponseSchema.parse({ nonce: toBase64url(nonce), expires: expiresAt });
  });

  app.post(AUTH_SESSION_PATH, { bodyLimit: AUTH_BODY_LIMIT }, async (request) => {
    await enforceRateLimit(database.db, authBucket(request.ip), rateLimits.auth, Date.now());
    const body = parseInput(sessionRequestSchema, request.body);
    const now = Date.now();
    const account = fromBase64url(body.account);
    const device = fromBase64url(body.device);
    const nonce = fromBase64url(body.nonce);
    const fresh = await consumeChallenge(database.db, nonce, account, device, now);
    const record = await findDevice(database.db, account, device);
    const message = authMessage({ origin: origin(), account, device, nonce });
    // Verify even for an unknown device (against a fixed key) so the answer takes the same time.
    const signed = verify('auth/v1', record?.signingKey ?? UNKNOWN_DEVICE_KEY, message, fromBase64url(body.signature)) && record !== undefined;
    if (!fresh || record === undefined || record.revoked || !signed) {
      request.log.info({ event: 'auth refused' }, 'session refused');
      throw unauthorized();
    }
    const token = randomBytes(TOKEN_BYTES);
    const expiresAt = now + SESSION_TTL_MS;
    await storeSession(database.db, token, { accountId: account, deviceId: device }, expiresAt, now);
    await recordSignIn(database.db, account, device, now);
    return sessionResponseSchema.parse({ token: toBase64url(token), expires: expiresAt });
  });
};
