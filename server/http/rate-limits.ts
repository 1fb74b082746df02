/**
 * The server's rate limits (DESIGN.md §6), counted in the database (`server/db/rate-limit.ts`):
 * - `auth`: per client address, over account creation, challenges and sessions together
 *   (unauthenticated, so the address is all there is);
 * - `device`: per authenticated device, over every endpoint behind a session;
 * - `pairing`: per client address, over the pairing relay (`DEFAULT_PAIRING_RATE_LIMIT` when absent).
 * Over the limit is 429 `RATE_LIMITED` with the generic body.
 */
import type { RateLimit } from '../db/rate-limit';

export interface RateLimits {
  readonly auth: RateLimit;
  readonly device: RateLimit;
  readonly pairing?: RateLimit;
}

/** Both devices of a pairing may poll from one address (a home network): a few per second. */
export const DEFAULT_PAIRING_RATE_LIMIT: RateLimit = { max: 240, windowMs: 60_000 };

export const DEFAULT_RATE_LIMITS: RateLimits = {
  auth: { max: 300, windowMs: 60_000 },
  device: { max: 1200, windowMs: 60_000 },
  pairing: DEFAULT_PAIRING_RATE_LIMIT,
};

export const authBucket = (ip: string): string => `auth ip ${ip}`;
export const pairingBucket = (ip: string): string => `pairing ip ${ip}`;
export const deviceBucket = (accountId: Uint8Array, deviceId: Uint8Array): string =>
  `device ${Buffer.from(accountId).toString('hex')} ${Buffer.from(deviceId).toString('hex')}`;
