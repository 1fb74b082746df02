/**
 * HTTP contracts of heartbeats (DESIGN.md §6 Freshness; bytes in shared/sync/heartbeat.ts), both
 * behind a session:
 * - `PUT /v1/heartbeats` `{ heartbeat }` → 204: the exact signed heartbeat bytes of the session's
 *   own device. The server checks the encoding, that the heartbeat names the session's account and
 *   device and is signed under "heartbeat/v1" by that device's key (else 400 `BAD_INPUT`, or 403
 *   `FORBIDDEN_SENDER` for another device's heartbeat), and keeps the newest per device by its time;
 * - `GET /v1/accounts/:id/heartbeats` → `{ heartbeats }`: the newest stored heartbeat of every
 *   device of that account, for the caller's own account or one sharing a collection with it
 *   (anyone else is the 404 `NOT_FOUND` of an unknown account). Clients verify them.
 */
import { z } from 'zod';
import { accountIdField, boundedBytes } from './bytes-field';

export const HEARTBEATS_PATH = '/v1/heartbeats';
export const ACCOUNT_HEARTBEATS_PATH = '/v1/accounts/:id/heartbeats';
export const accountHeartbeatsPath = (account: string): string => `/v1/accounts/${account}/heartbeats`;

/** Largest heartbeat accepted, in bytes (~90 bytes per collection reported). */
export const HEARTBEAT_MAX_BYTES = 64 * 1024;
export const HEARTBEATS_BODY_LIMIT = Math.ceil((HEARTBEAT_MAX_BYTES * 4) / 3) + 512;
/** At most this many devices' heartbeats are served for one account. */
export const HEARTBEATS_MAX_DEVICES = 1000;

export const putHeartbeatRequestSchema = z.object({ heartbeat: boundedBytes(HEARTBEAT_MAX_BYTES) }).strict();

export const accountHeartbeatsParamsSchema = z.object({ id: accountIdField }).strict();
export const accountHeartbeatsResponseSchema = z
  .object({ heartbeats: z.array(boundedBytes(HEARTBEAT_MAX_BYTES)).max(HEARTBEATS_MAX_DEVICES) })
  .strict();

export type PutHeartbeatRequest = z.infer<typeof putHeartbeatRequestSchema>;
export type AccountHeartbeatsResponse = z.infer<typeof accountHeartbeatsResponseSchema>;
