/**
 * `POST /v1/accounts` (shared/protocol/api/accounts.ts): creates an account from a first device's
 * identity-chain genesis. The entry is validated by the same rules clients use
 * (`validateIdentityChain` of shared/chains: canonical encoding, genesis shape, self-signature under
 * "chain/v1", strict Ed25519); the account id is its hash. Any refusal is 400 `BAD_CHAIN` with one
 * fixed message.
 */
import type { FastifyPluginAsync } from 'fastify';
import { toBase64url, fromBase64url } from '../../../shared/crypto/base64url';
import { validateIdentityChain } from '../../../shared/chains/identity-chain';
import {
  ACCOUNTS_BODY_LIMIT,
  ACCOUNTS_PATH,
  createAccountRequestSchema,
  createAccountResponseSchema,
} from '../../../shared/protocol/api/accounts';
import { VaultError } from '../../../shared/protocol/errors';
import { createAccount } from '../../db/accounts';
import type { VaultDatabase } from '../../db/open-database';
import { enforceRateLimit } from '../../db/rate-limit';
import { parseInput } from '../parse-input';
import { authBucket, type RateLimits } from '../rate-limits';

export interface AccountsRouteOptions {
  readonly database: VaultDatabase;
  readonly rateLimits: RateLimits;
}

function validGenesis(bytes: Uint8Array) {
  try {
    const state = validateIdentityChain([bytes]);
    const [device] = state.devices.values();
    if (device === undefined) throw new VaultError('BAD_CHAIN', 'genesis names no device');
    return { accountId: state.identityId, deviceId: device.deviceId, signingKey: device.signingKey };
  } catch (error) {
    if (error instanceof VaultError) throw new VaultError('BAD_CHAIN', 'invalid identity chain genesis');
    throw error;
  }
}

export const accountsRoute: FastifyPluginAsync<AccountsRouteOptions> = async (app, { database, rateLimits }) => {
  app.post(ACCOUNTS_PATH, { bodyLimit: ACCOUNTS_BODY_LIMIT }, async (request, reply) => {
    await enforceRateLimit(database.db, authBucket(request.ip), rateLimits.auth, Date.now());
    const body = parseInput(createAccountRequestSchema, request.body);
    const genesis = fromBase64url(body.genesis);
    const account = validGenesis(genesis);
    await createAccount(database.db, { ...account, genesis }, Date.now());
    request.log.info({ event: 'account created' }, 'account created');
    return reply
      .code(201)
      .send(createAccountResponseSchema.parse({ account: toBase64url(account.accountId), device: toBase64url(account.deviceId) }));
  });
};
