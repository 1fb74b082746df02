/**
 * HTTP contracts of collection logs (DESIGN.md §6 Log), both behind a bearer session token:
 * - `POST /v1/collections/:id/batches` `{ batch, device, counter }` → `{ seq, head }`: `batch` is
 *   the base64url of the exact signed batch bytes; the server assigns `seq` (1, 2, …) and chains
 *   `head_n = SHA-256(head_{n-1} ‖ batch_id)`, `batch_id = SHA-256(batch bytes)`, head_0 = 32 zero
 *   bytes. The same batch again for a (device, collection, counter) gives the original answer; a
 *   different batch for a taken counter is 409 `CONFLICT` (equivocation).
 * - `GET /v1/collections/:id/changes?since=SEQ&limit=N` → `{ changes: [{ seq, head, batch }], next? }`
 *   ordered by seq, every entry with seq > since; `next` (the `since` of the following page) when
 *   more remain.
 */
import { z } from 'zod';
import { boundedBytes, collectionIdField, deviceIdField, fixedBytes } from './bytes-field';

export const COLLECTION_BATCHES_PATH = '/v1/collections/:id/batches';
export const COLLECTION_CHANGES_PATH = '/v1/collections/:id/changes';

export const batchesPath = (id: string): string => `/v1/collections/${id}/batches`;
export const changesPath = (id: string): string => `/v1/collections/${id}/changes`;

/** Largest signed batch accepted, in bytes. */
export const BATCH_MAX_BYTES = 256 * 1024;
/** Body limit of the append route: the batch in base64url plus the JSON around it. */
export const BATCHES_BODY_LIMIT = Math.ceil((BATCH_MAX_BYTES * 4) / 3) + 1024;
export const HEAD_BYTES = 32;
export const COUNTER_MAX = 2 ** 31 - 1;
export const CHANGES_DEFAULT_LIMIT = 100;
export const CHANGES_MAX_LIMIT = 500;

const seqField = z.number().int().min(1).max(COUNTER_MAX);

export const collectionParamsSchema = z.object({ id: collectionIdField }).strict();

export const appendBatchRequestSchema = z
  .object({ batch: boundedBytes(BATCH_MAX_BYTES), device: deviceIdField, counter: z.number().int().min(1).max(COUNTER_MAX) })
  .strict();
export const appendBatchResponseSchema = z.object({ seq: seqField, head: fixedBytes(HEAD_BYTES) }).strict();

const decimal = (max: number) =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]{0,9})$/)
    .transform(Number)
    .pipe(z.number().int().min(0).max(max));

export const changesQuerySchema = z
  .object({
    since: decimal(COUNTER_MAX).optional(),
    limit: decimal(CHANGES_MAX_LIMIT).pipe(z.number().min(1)).optional(),
  })
  .strict();

export const changeSchema = z.object({ seq: seqField, head: fixedBytes(HEAD_BYTES), batch: boundedBytes(BATCH_MAX_BYTES) }).strict();
export const changesResponseSchema = z
  .object({ changes: z.array(changeSchema).max(CHANGES_MAX_LIMIT), next: z.number().int().min(0).max(COUNTER_MAX).optional() })
  .strict();

export type AppendBatchRequest = z.infer<typeof appendBatchRequestSchema>;
export type AppendBatchResponse = z.infer<typeof appendBatchResponseSchema>;
export type Change = z.infer<typeof changeSchema>;
export type ChangesResponse = z.infer<typeof changesResponseSchema>;
