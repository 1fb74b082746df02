/**
 * HTTP contracts of device authentication (DESIGN.md §6 Server API):
 * - `POST /v1/auth/challenge` `{ account, device }` → `{ nonce, expires }`: a single-use 256-bit
 *   nonce valid for 60 s, issued for any well-formed pair (so existence of an account is not told);
 * - `POST /v1/auth/session` `{ account, device, nonce, signature }` → `{ token, expires }`: the
 *   device signs `authMessage(...)` with context "auth/v1" (shared/crypto/ed25519.ts). The token is
 *   a short-lived bearer token bound to that device.
 * Every failure of the session step (unknown account or device, revoked device, bad signature,
 * reused or expired nonce) is the same 401 `UNAUTHORIZED` body.
 *
 * The signed bytes are canonical CBOR (RFC 8949 §4.2.1) of
 *   { kind: "auth-challenge", v: 1, origin: text, account: bytes(32), device: bytes(16), nonce: bytes(32) }
 * where `origin` is the server origin the client connects to (`https://host:port`), so a signature
 * made for one server is useless at another.
 */
import { z } from 'zod';
import { encodeCanonical } from '../../crypto/cbor';
import { accountIdField, deviceIdField, fixedBytes } from './bytes-field';

export const AUTH_CHALLENGE_PATH = '/v1/auth/challenge';
export const AUTH_SESSION_PATH = '/v1/auth/session';
export const AUTH_BODY_LIMIT = 1024;

export const NONCE_BYTES = 32;
export const TOKEN_BYTES = 32;
export const SIGNATURE_BYTES = 64;
export const CHALLENGE_TTL_MS = 60_000;
export const SESSION_TTL_MS = 15 * 60_000;
export const AUTH_MESSAGE_VERSION = 1;

export const challengeRequestSchema = z.object({ account: accountIdField, device: deviceIdField }).strict();
export const challengeResponseSchema = z
  .object({ nonce: fixedBytes(NONCE_BYTES), expires: z.number().int().nonnegative() })
  .strict();

export const sessionRequestSchema = z
  .object({
    account: accountIdField,
    device: deviceIdField,
    nonce: fixedBytes(NONCE_BYTES),
    signature: fixedBytes(SIGNATURE_BYTES),
  })
  .strict();
export const sessionResponseSchema = z
  .object({ token: fixedBytes(TOKEN_BYTES), expires: z.number().int().nonnegative() })
  .strict();

export type ChallengeRequest = z.infer<typeof challengeRequestSchema>;
export type ChallengeResponse = z.infer<typeof challengeResponseSchema>;
export type SessionRequest = z.infer<typeof sessionRequestSchema>;
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

export interface AuthMessageFields {
  readonly origin: string;
  readonly account: Uint8Array;
  readonly device: Uint8Array;
  readonly nonce: Uint8Array;
}

/** The exact bytes a device signs (under "auth/v1") to turn a challenge into a session. */
export function authMessage(fields: AuthMessageFields): Uint8Array {
  return encodeCanonical({
    kind: 'auth-challenge',
    v: AUTH_MESSAGE_VERSION,
    origin: fields.origin,
    account: fields.account,
    device: fields.device,
    nonce: fields.nonce,
  });
}
