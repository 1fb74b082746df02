/**
 * HTTP contract of `GET /v1/health`: the liveness probe of the sync server.
 *
 * Shared by the server route (which validates what it sends) and the client transport (which
 * validates what it receives). Pure: imports zod only. The body is `.strict()`: a response with
 * extra fields is refused rather than trusted, like every response in `shared/protocol/api/`.
 */
import { z } from 'zod';

/** The version of the HTTP API (the `/v1/` path prefix). */
export const API_VERSION = 1;

export const HEALTH_PATH = '/v1/health';

export const healthResponseSchema = z
  .object({
    status: z.literal('ok'),
    version: z.literal(API_VERSION),
    database: z.enum(['sqlite', 'postgres']),
  })
  .strict();

export type HealthResponse = z.infer<typeof healthResponseSchema>;
