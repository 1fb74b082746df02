/**
 * HTTP contracts of collection logs (DESIGN.md §6 Log), both behind a bearer session token:
 * - `POST /v1/collections/:id/batches` `{ batch, device, counter }` → `{ seq, head }`: `batch` is
 *   the base64url of the exact signed batch bytes; the server assigns `seq` (1, 2, …) and chains
 *   `head_n = SHA-256(head_{n-1} ‖ batch_id)`, `batch_id = SHA-256(batch bytes)`, head_0 = 32 zero
 *   bytes. The same batch again for a (device, collection, counter) gives the original answer; a
 *   different batch for a taken counter is 409 `CONFLICT` (equivocation).
 * - `GET /v1/collections/:id/changes?since=SEQ&limit=N` → `{ changes: [{ seq, head, batch }], next? }`
 *   ordered by seq, every entry with seq > since; `next` (the `since` of the following page) when
 *   more remain. A row compacted into a checkpoint (docs/decisions/008-compact-checkpoints.md) is
 *   served in `compacted: [{ seq, head, batchId }]` instead, without its bytes (the page's rows are
 *   the union of both lists, in seq order); every page names the newest registered
 *   checkpoint `checkpoint: { seq, base }` (a hint: clients verify the checkpoint itself).
 * - `POST /v1/collections/:id/checkpoints` `{ seq }` → `{ seq, base }`: registers the session
 *   device's own batch at `seq` as a checkpoint manifest whose base is the batch's `seen.seq`.
 */
import { z } from 'zod';
import { boundedBytes, collectionIdField, deviceIdField, fixedBytes } from './bytes-field';

export const COLLECTION_BATCHES_PATH = '/v1/collections/:id/batches';
export const COLLECTION_CHANGES_PATH = '/v1/collections/:id/changes';
export const COLLECTION_CHECKPOINTS_PATH = '/v1/collections/:id/checkpoints';

export const batchesPath = (id: string): string => `/v1/collections/${id}/batches`;
export const changesPath = (id: string): string => `/v1/collections/${id}/changes`;
export const checkpointsPath = (id: string): string => `/v1/collections/${id}/checkpoints`;

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
/** A row whose bytes were compacted into a checkpoint: its seq, head and batch id only. */
export const compactedChangeSchema = z.object({ seq: seqField, head: fixedBytes(HEAD_BYTES), batchId: fixedBytes(HEAD_BYTES) }).strict();
/** A registered checkpoint: the seq of its manifest batch and the log seq it covers. */
export const checkpointRefSchema = z.object({ seq: seqField, base: z.number().int().min(0).max(COUNTER_MAX) }).strict();
export const changesResponseSchema = z
  .object({
    changes: z.array(changeSchema).max(CHANGES_MAX_LIMIT),
    compacted: z.array(compactedChangeSchema).max(CHANGES_MAX_LIMIT).optional(),
    next: z.number().int().min(0).max(COUNTER_MAX).optional(),
    checkpoint: checkpointRefSchema.optional(),
  })
  .strict();
export const registerCheckpointRequestSchema = z.object({ seq: seqField }).strict();
export const registerCheckpointResponseSchema = checkpointRefSchema;

export type AppendBatchRequest = z.infer<typeof appendBatchRequestSchema>;
export type AppendBatchResponse = z.infer<typeof appendBatchResponseSchema>;
export type Change = z.infer<typeof changeSchema>;
export type ChangesResponse = z.infer<typeof changesResponseSchema>;
export type CheckpointRef = z.infer<typeof checkpointRefSchema>;
