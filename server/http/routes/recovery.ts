/**
 * `GET` and `POST /v1/recovery/:id/chain` (shared/protocol/api/recovery.ts): the two steps of
 * recovery that come before the recovering browser has a device, and so a session. Reading serves
 * the identity chain as the session route does. Appending takes only an entry whose author is the
 * recovery key; the stored chain's rules (server/db/identity-chain-store.ts, the clients' rules)
 * then require it to be the chain's current recovery key and the signature to verify, so the kit
 * is what authorizes it. An account an operator froze is 403 `FROZEN` here too; a deleted one is
 * 404. Counted against the per-address limit of the unauthenticated endpoints.
 */
import type { FastifyPluginAsync } from 'fastify';
import { decodeEntry } from '../../../shared/chains/entry';
import { fromBase64url, toBase64url } from '../../../shared/crypto/base64url';
import {
  RECOVERY_BODY_LIMIT,
  RECOVERY_CHAIN_PATH,
  recoveryAppendRequestSchema,
  recoveryAppendResponseSchema,
  recoveryChainResponseSchema,
  recoveryParamsSchema,
} from '../../../shared/protocol/api/recovery';
import { VaultError } from '../../../shared/protocol/errors';
import { appendIdentityChainEntry, readIdentityChain } from '../../db/identity-chain-store';
import type { VaultDatabase } from '../../db/open-database';
import { enforceRateLimit } from '../../db/rate-limit';
import { parseInput } from '../parse-input';
import { authBucket, type RateLimits } from '../rate-limits';
import { FROZEN_MESSAGE } from '../session-auth';

export interface RecoveryRouteOptions {
  readonly database: VaultDatabase;
  readonly rateLimits: RateLimits;
}

function recoveryAuthored(bytes: Uint8Array): void {
  let by: string;
  try {
    const { body } = decodeEntry(bytes);
    if (body.chain !== 'identity') throw new VaultError('BAD_CHAIN', 'not an identity chain entry');
    by = body.author.by;
  } catch {
    throw new VaultError('BAD_CHAIN', 'entry refused by the identity chain rules');
  }
  if (by !== 'recovery') throw new VaultError('FORBIDDEN_SENDER', 'only entries signed by the recovery key are appended without a session');
}

export const recoveryRoute: FastifyPluginAsync<RecoveryRouteOptions> = async (app, { database, rateLimits }) => {
  const db = database.db;

  /** The account as recovery sees it: NOT_FOUND when unknown or deleted, FROZEN when an operator froze it. */
  async function openAccount(id: Uint8Array): Promise<void> {
    const account = await db.selectFrom('accounts').select(['frozen_at', 'deleted_at']).where('id', '=', Buffer.from(id)).executeTakeFirst();
    if (account === undefined || account.deleted_at !== null) throw new VaultError('NOT_FOUND', 'no such account');
    if (account.frozen_at !== null) throw new VaultError('FROZEN', FROZEN_MESSAGE);
  }

  app.get(RECOVERY_CHAIN_PATH, async (request) => {
    await enforceRateLimit(db, authBucket(request.ip), rateLimits.auth, Date.now());
    const id = fromBase64url(parseInput(recoveryParamsSchema, request.params).id);
    await openAccount(id);
    const chain = await readIdentityChain(db, id, 0);
    if (chain === undefined) throw new VaultError('NOT_FOUND', 'no such account');
    return recoveryChainResponseSchema.parse({ entries: chain.entries.map(toBase64url), head: toBase64url(chain.head) });
  });

  app.post(RECOVERY_CHAIN_PATH, { bodyLimit: RECOVERY_BODY_LIMIT }, async (request) => {
    await enforceRateLimit(db, authBucket(request.ip), rateLimits.auth, Date.now());
    const id = fromBase64url(parseInput(recoveryParamsSchema, request.params).id);
    const body = parseInput(recoveryAppendRequestSchema, request.body);
    const entry = fromBase64url(body.entry);
    recoveryAuthored(entry);
    await openAccount(id);
    const position = await appendIdentityChainEntry(db, id, entry, fromBase64url(body.prev));
    request.log.info({ event: 'recovery entry appended' }, 'recovery entry appended');
    return recoveryAppendResponseSchema.parse({ seq: position.seq, head: toBase64url(position.head) });
  });
};
