/**
 * `POST /v1/collections/:id/batches` and `GET /v1/collections/:id/changes`
 * (shared/protocol/api/collections.ts), both behind a session. Only current members of the
 * collection chain read the log (anyone else, and any collection without a chain, get 404
 * `NOT_FOUND`); writers (owner, admin, editor) append, viewers get 403 `FORBIDDEN_SENDER`. A device
 * appends only its own batches (`device` must be the session's device, else 403). The batch bytes
 * are opaque here: clients verify signatures, counters and heads (DESIGN.md §6); the server stores
 * the exact bytes, assigns seq, chains heads and announces the append on the hint bus
 * (`server/db/collection-log.ts`).
 * `POST /v1/collections/:id/checkpoints` registers a device's own batch as a checkpoint manifest;
 * changes pages name the newest one and serve compacted rows by batch id (server/db/log-checkpoints.ts).
 */
import type { FastifyPluginAsync } from 'fastify';
import { fromBase64url, toBase64url } from '../../../shared/crypto/base64url';
import { equalBytes } from '../../../shared/crypto/constant-time';
import { base64urlLength } from '../../../shared/protocol/api/bytes-field';
import {
  appendBatchRequestSchema,
  appendBatchResponseSchema,
  BATCH_MAX_BYTES,
  BATCHES_BODY_LIMIT,
  CHANGES_DEFAULT_LIMIT,
  changesQuerySchema,
  changesResponseSchema,
  collectionParamsSchema,
  COLLECTION_BATCHES_PATH,
  COLLECTION_CHANGES_PATH,
  COLLECTION_CHECKPOINTS_PATH,
  registerCheckpointRequestSchema,
  registerCheckpointResponseSchema,
} from '../../../shared/protocol/api/collections';
import { VaultError } from '../../../shared/protocol/errors';
import { appendBatch, readChanges } from '../../db/collection-log';
import { latestCheckpoint, registerCheckpoint } from '../../db/log-checkpoints';
import type { VaultDatabase } from '../../db/open-database';
import type { HintBus } from '../../hints/hint-bus';
import { parseInput } from '../parse-input';
import type { RateLimits } from '../rate-limits';
import { requireSession } from '../session-auth';

export interface CollectionsRouteOptions {
  readonly database: VaultDatabase;
  readonly rateLimits: RateLimits;
  readonly hints: HintBus;
}

/** A batch over BATCH_MAX_BYTES is 413 like an over-limit body, not 400, even when the body fits. */
function refuseOversizedBatch(body: unknown): void {
  if (typeof body !== 'object' || body === null || !('batch' in body) || typeof body.batch !== 'string') return;
  if (body.batch.length > base64urlLength(BATCH_MAX_BYTES)) throw new VaultError('PAYLOAD_TOO_LARGE', 'batch too large');
}

export const collectionsRoute: FastifyPluginAsync<CollectionsRouteOptions> = async (app, { database, rateLimits, hints }) => {
  app.post(COLLECTION_BATCHES_PATH, { bodyLimit: BATCHES_BODY_LIMIT }, async (request) => {
    const session = await requireSession(database.db, request, rateLimits.device);
    const { id } = parseInput(collectionParamsSchema, request.params);
    refuseOversizedBatch(request.body);
    const body = parseInput(appendBatchRequestSchema, request.body);
    const deviceId = fromBase64url(body.device);
    if (!equalBytes(deviceId, session.deviceId)) throw new VaultError('FORBIDDEN_SENDER', 'a device appends only its own batches');
    const position = await appendBatch(
      database,
      { collectionId: fromBase64url(id), accountId: session.accountId, deviceId, counter: body.counter, batch: fromBase64url(body.batch) },
      Date.now(),
      hints,
    );
    return appendBatchResponseSchema.parse({ seq: position.seq, head: toBase64url(position.head) });
  });

  app.get(COLLECTION_CHANGES_PATH, async (request) => {
    const session = await requireSession(database.db, request, rateLimits.device);
    const { id } = parseInput(collectionParamsSchema, request.params);
    const query = parseInput(changesQuerySchema, request.query);
    const since = query.since ?? 0;
    const limit = query.limit ?? CHANGES_DEFAULT_LIMIT;
    const page = await readChanges(database.db, fromBase64url(id), session.accountId, since, limit);
    const full = page.changes.filter((change) => change.batch.length > 0);
    const stripped = page.changes.filter((change) => change.batch.length === 0);
    const changes = full.map((change) => ({ seq: change.seq, head: toBase64url(change.head), batch: toBase64url(change.batch) }));
    const compacted = stripped.map((change) => ({ seq: change.seq, head: toBase64url(change.head), batchId: toBase64url(change.batchId) }));
    const last = page.changes.at(-1);
    const checkpoint = await latestCheckpoint(database.db, fromBase64url(id));
    return changesResponseSchema.parse({
      changes,
      ...(compacted.length > 0 ? { compacted } : {}),
      ...(page.more && last !== undefined ? { next: last.seq } : {}),
      ...(checkpoint === undefined ? {} : { checkpoint }),
    });
  });

  app.post(COLLECTION_CHECKPOINTS_PATH, async (request) => {
    const session = await requireSession(database.db, request, rateLimits.device);
    const { id } = parseInput(collectionParamsSchema, request.params);
    const body = parseInput(registerCheckpointRequestSchema, request.body);
    const registered = await registerCheckpoint(
      database.db,
      { collectionId: fromBase64url(id), accountId: session.accountId, deviceId: session.deviceId, seq: body.seq },
      Date.now(),
    );
    return registerCheckpointResponseSchema.parse(registered);
  });
};
