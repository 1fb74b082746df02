/**
 * HTTP contracts of an account's identity chain (DESIGN.md §5), both behind a session:
 * - `GET /v1/accounts/:id/chain?from=SEQ` → `{ entries, head }`: the exact entry bytes from seq
 *   `from` (default 0) in order, and the hash of the last entry (the chain head);
 * - `POST /v1/accounts/:id/chain` `{ entry, prev }` → `{ seq, head }`: compare-and-swap append; `prev`
 *   must equal the server's head, else 409 `CONFLICT` (the client re-validates at the new head and
 *   re-signs). The server applies the same rules as clients (shared/chains) and refuses an entry
 *   that breaks one with 400 `BAD_CHAIN`. Only a device of the account may append.
 */
import { z } from 'zod';
import { accountIdField, boundedBytes, fixedBytes } from './bytes-field';

export const IDENTITY_CHAIN_PATH = '/v1/accounts/:id/chain';
export const identityChainPath = (account: string): string => `/v1/accounts/${account}/chain`;

/** Largest identity-chain entry accepted, in bytes (a rotate-user-key with many seals is the biggest). */
export const CHAIN_ENTRY_MAX_BYTES = 16 * 1024;
export const IDENTITY_CHAIN_BODY_LIMIT = Math.ceil((CHAIN_ENTRY_MAX_BYTES * 4) / 3) + 512;
export const IDENTITY_CHAIN_MAX_ENTRIES = 100_000;

export const identityChainParamsSchema = z.object({ id: accountIdField }).strict();
export const identityChainQuerySchema = z
  .object({
    from: z
      .string()
      .regex(/^(0|[1-9][0-9]{0,5})$/)
      .transform(Number)
      .optional(),
  })
  .strict();
export const identityChainResponseSchema = z
  .object({ entries: z.array(boundedBytes(CHAIN_ENTRY_MAX_BYTES)).max(IDENTITY_CHAIN_MAX_ENTRIES), head: fixedBytes(32) })
  .strict();

export const appendChainEntryRequestSchema = z.object({ entry: boundedBytes(CHAIN_ENTRY_MAX_BYTES), prev: fixedBytes(32) }).strict();
export const appendChainEntryResponseSchema = z.object({ seq: z.number().int().min(1), head: fixedBytes(32) }).strict();

export type IdentityChainResponse = z.infer<typeof identityChainResponseSchema>;
export type AppendChainEntryRequest = z.infer<typeof appendChainEntryRequestSchema>;
export type AppendChainEntryResponse = z.infer<typeof appendChainEntryResponseSchema>;
