/**
 * HTTP contracts of a collection's chain (DESIGN.md §5: the roster of members, roles and key epochs),
 * both behind a session and open to current members only (anyone else gets the 404 `NOT_FOUND` of
 * an unknown collection):
 * - `GET /v1/collections/:id/chain?from=SEQ` → `{ entries, head }`: the exact entry bytes from seq
 *   `from` (default 0) in order, and the hash of the last entry (the chain head);
 * - `POST /v1/collections/:id/chain` `{ entry, prev }` → `{ seq, head }`: compare-and-swap append;
 *   `prev` must equal the server's head, else 409 `CONFLICT` (the client re-validates at the new head
 *   and re-signs). A genesis (seq 0) is sent with `prev` = 32 zero bytes by a device of its owner and
 *   creates the collection. The server applies the same rules as clients (shared/chains, with the
 *   identity chains it stores) and refuses an entry that breaks one with 400 `BAD_CHAIN`.
 */
import { z } from 'zod';
import { boundedBytes, collectionIdField, fixedBytes } from './bytes-field';

export const COLLECTION_CHAIN_PATH = '/v1/collections/:id/chain';
export const collectionChainPath = (collection: string): string => `/v1/collections/${collection}/chain`;

/** Largest collection-chain entry accepted, in bytes (a rotate-key seals ~125 bytes per member). */
export const COLLECTION_ENTRY_MAX_BYTES = 64 * 1024;
export const COLLECTION_CHAIN_BODY_LIMIT = Math.ceil((COLLECTION_ENTRY_MAX_BYTES * 4) / 3) + 512;
export const COLLECTION_CHAIN_MAX_ENTRIES = 100_000;
export const CHAIN_HEAD_BYTES = 32;

export const collectionChainParamsSchema = z.object({ id: collectionIdField }).strict();
export const collectionChainQuerySchema = z
  .object({
    from: z
      .string()
      .regex(/^(0|[1-9][0-9]{0,5})$/)
      .transform(Number)
      .optional(),
  })
  .strict();
export const collectionChainResponseSchema = z
  .object({
    entries: z.array(boundedBytes(COLLECTION_ENTRY_MAX_BYTES)).max(COLLECTION_CHAIN_MAX_ENTRIES),
    head: fixedBytes(CHAIN_HEAD_BYTES),
  })
  .strict();

export const appendCollectionEntryRequestSchema = z
  .object({ entry: boundedBytes(COLLECTION_ENTRY_MAX_BYTES), prev: fixedBytes(CHAIN_HEAD_BYTES) })
  .strict();
/** `seq` is the new entry's position: 0 for a genesis. */
export const appendCollectionEntryResponseSchema = z
  .object({ seq: z.number().int().min(0).max(COLLECTION_CHAIN_MAX_ENTRIES), head: fixedBytes(CHAIN_HEAD_BYTES) })
  .strict();

export type CollectionChainResponse = z.infer<typeof collectionChainResponseSchema>;
export type AppendCollectionEntryRequest = z.infer<typeof appendCollectionEntryRequestSchema>;
export type AppendCollectionEntryResponse = z.infer<typeof appendCollectionEntryResponseSchema>;
