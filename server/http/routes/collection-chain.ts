/**
 * `GET` and `POST /v1/collections/:id/chain` (shared/protocol/api/collection-chain.ts), behind a
 * session. Only current members read or append (anyone else gets the 404 of an unknown collection);
 * a genesis creates the collection. Appends are compare-and-swap on the head and checked with the
 * clients' rules against the stored identity chains (`server/db/collection-chain-store.ts`).
 */
import type { FastifyPluginAsync } from 'fastify';
import { fromBase64url, toBase64url } from '../../../shared/crypto/base64url';
import {
  appendCollectionEntryRequestSchema,
  appendCollectionEntryResponseSchema,
  COLLECTION_CHAIN_BODY_LIMIT,
  COLLECTION_CHAIN_PATH,
  collectionChainParamsSchema,
  collectionChainQuerySchema,
  collectionChainResponseSchema,
} from '../../../shared/protocol/api/collection-chain';
import { appendCollectionChainEntry, readCollectionChain } from '../../db/collection-chain-store';
import type { VaultDatabase } from '../../db/open-database';
import { parseInput } from '../parse-input';
import type { RateLimits } from '../rate-limits';
import { requireSession } from '../session-auth';

export interface CollectionChainRouteOptions {
  readonly database: VaultDatabase;
  readonly rateLimits: RateLimits;
}

export const collectionChainRoute: FastifyPluginAsync<CollectionChainRouteOptions> = async (app, { database, rateLimits }) => {
  app.get(COLLECTION_CHAIN_PATH, async (request) => {
    const session = await requireSession(database.db, request, rateLimits.device);
    const { id } = parseInput(collectionChainParamsSchema, request.params);
    const query = parseInput(collectionChainQuerySchema, request.query);
    const chain = await readCollectionChain(database.db, fromBase64url(id), session.accountId, query.from ?? 0);
    return collectionChainResponseSchema.parse({ entries: chain.entries.map(toBase64url), head: toBase64url(chain.head) });
  });

  app.post(COLLECTION_CHAIN_PATH, { bodyLimit: COLLECTION_CHAIN_BODY_LIMIT }, async (request) => {
    const session = await requireSession(database.db, request, rateLimits.device);
    const { id } = parseInput(collectionChainParamsSchema, request.params);
    const body = parseInput(appendCollectionEntryRequestSchema, request.body);
    const position = await appendCollectionChainEntry(database, {
      collectionId: fromBase64url(id),
      accountId: session.accountId,
      entry: fromBase64url(body.entry),
      prev: fromBase64url(body.prev),
    });
    return appendCollectionEntryResponseSchema.parse({ seq: position.seq, head: toBase64url(position.head) });
  });
};
