/**
 * `GET` and `POST /v1/accounts/:id/chain` (shared/protocol/api/identity-chain.ts), behind a session.
 * Any session may read a chain (it holds public keys only, and teammates need it); only a device of
 * the account may append (else 403 `FORBIDDEN_SENDER`). Appends are compare-and-swap on the head
 * and checked with the clients' rules (`server/db/identity-chain-store.ts`); a revoke-device entry
 * ends that device's sessions at once.
 */
import type { FastifyPluginAsync } from 'fastify';
import { fromBase64url, toBase64url } from '../../../shared/crypto/base64url';
import { equalBytes } from '../../../shared/crypto/constant-time';
import {
  appendChainEntryRequestSchema,
  appendChainEntryResponseSchema,
  IDENTITY_CHAIN_BODY_LIMIT,
  IDENTITY_CHAIN_PATH,
  identityChainParamsSchema,
  identityChainQuerySchema,
  identityChainResponseSchema,
} from '../../../shared/protocol/api/identity-chain';
import { VaultError } from '../../../shared/protocol/errors';
import { appendIdentityChainEntry, readIdentityChain } from '../../db/identity-chain-store';
import type { VaultDatabase } from '../../db/open-database';
import { parseInput } from '../parse-input';
import type { RateLimits } from '../rate-limits';
import { requireSession } from '../session-auth';

export interface IdentityChainRouteOptions {
  readonly database: VaultDatabase;
  readonly rateLimits: RateLimits;
}

export const identityChainRoute: FastifyPluginAsync<IdentityChainRouteOptions> = async (app, { database, rateLimits }) => {
  app.get(IDENTITY_CHAIN_PATH, async (request) => {
    await requireSession(database.db, request, rateLimits.device);
    const { id } = parseInput(identityChainParamsSchema, request.params);
    const query = parseInput(identityChainQuerySchema, request.query);
    const chain = await readIdentityChain(database.db, fromBase64url(id), query.from ?? 0);
    if (chain === undefined) throw new VaultError('NOT_FOUND', 'no such account');
    return identityChainResponseSchema.parse({ entries: chain.entries.map(toBase64url), head: toBase64url(chain.head) });
  });

  app.post(IDENTITY_CHAIN_PATH, { bodyLimit: IDENTITY_CHAIN_BODY_LIMIT }, async (request) => {
    const session = await requireSession(database.db, request, rateLimits.device);
    const { id } = parseInput(identityChainParamsSchema, request.params);
    const body = parseInput(appendChainEntryRequestSchema, request.body);
    const accountId = fromBase64url(id);
    if (!equalBytes(accountId, session.accountId)) throw new VaultError('FORBIDDEN_SENDER', 'only a device of the account appends to its chain');
    const position = await appendIdentityChainEntry(database.db, accountId, fromBase64url(body.entry), fromBase64url(body.prev));
    return appendChainEntryResponseSchema.parse({ seq: position.seq, head: toBase64url(position.head) });
  });
};
