/**
 * `DELETE /v1/accounts/:id` (shared/protocol/api/account-deletion.ts): a device deletes its own
 * account (another account's is 403 `FORBIDDEN_SENDER`), confirmed by a fresh signature under
 * "auth/v1" over `deleteAccountMessage` with a challenge nonce issued for the session's device and
 * this server's origin; anything else about the confirmation is 400 `BAD_SIGNATURE`, the nonce
 * consumed either way. The rows go in one transaction (`server/db/delete-account.ts`); the answer
 * counts them. The session itself is among them: the next request is 401.
 */
import type { FastifyPluginAsync } from 'fastify';
import { fromBase64url } from '../../../shared/crypto/base64url';
import { equalBytes } from '../../../shared/crypto/constant-time';
import { verify } from '../../../shared/crypto/ed25519';
import {
  ACCOUNT_DELETION_BODY_LIMIT,
  ACCOUNT_PATH,
  accountDeletionParamsSchema,
  deleteAccountMessage,
  deleteAccountRequestSchema,
  deleteAccountResponseSchema,
} from '../../../shared/protocol/api/account-deletion';
import { VaultError } from '../../../shared/protocol/errors';
import { findDevice } from '../../db/accounts';
import { consumeChallenge } from '../../db/auth-store';
import { deleteAccount } from '../../db/delete-account';
import type { VaultDatabase } from '../../db/open-database';
import { parseInput } from '../parse-input';
import type { RateLimits } from '../rate-limits';
import { requireSession } from '../session-auth';

export interface AccountDeletionRouteOptions {
  readonly database: VaultDatabase;
  readonly rateLimits: RateLimits;
  /** The origin clients reach this server at, part of the signed bytes (as for sign-in). */
  readonly origin: () => string;
}

export const accountDeletionRoute: FastifyPluginAsync<AccountDeletionRouteOptions> = async (app, { database, rateLimits, origin }) => {
  app.delete(ACCOUNT_PATH, { bodyLimit: ACCOUNT_DELETION_BODY_LIMIT }, async (request) => {
    const session = await requireSession(database.db, request, rateLimits.device);
    const { id } = parseInput(accountDeletionParamsSchema, request.params);
    const body = parseInput(deleteAccountRequestSchema, request.body);
    const accountId = fromBase64url(id);
    if (!equalBytes(accountId, session.accountId)) throw new VaultError('FORBIDDEN_SENDER', 'only a device of the account deletes it');
    const nonce = fromBase64url(body.nonce);
    const now = Date.now();
    const fresh = await consumeChallenge(database.db, nonce, session.accountId, session.deviceId, now);
    const device = await findDevice(database.db, session.accountId, session.deviceId);
    const message = deleteAccountMessage({ origin: origin(), account: session.accountId, device: session.deviceId, nonce });
    const signed = device !== undefined && verify('auth/v1', device.signingKey, message, fromBase64url(body.signature));
    if (!fresh || !signed) throw new VaultError('BAD_SIGNATURE', 'the deletion needs a fresh signature by this device');
    const summary = await deleteAccount(database, accountId, now);
    request.log.info({ event: 'account deleted', kept: summary.identityChainKept }, 'account deleted');
    return deleteAccountResponseSchema.parse(summary);
  });
};
