/**
 * `POST /v1/auth/removal` (shared/protocol/api/removal.ts, docs/decisions/009-revoked-device-told-and-wiped.md):
 * a device refused at sign-in proves it holds its device key and is served its identity chain from
 * its pinned position, to find (and verify itself) the revoke-device entry that names it. The nonce
 * is one of `POST /v1/auth/challenge`'s, single use, for this (account, device) pair; the signature
 * (Ed25519 strict, context "removal/v1") verifies over `removalMessage` with this server's origin
 * under the device's key, revoked or not. Every failure is the same 401 body as a refused sign-in
 * (the nonce is consumed either way), so this route tells nothing the chain itself would not. No
 * session is created: the answer is the chain and nothing else. Counted against the per-address
 * limit of the sign-in endpoints.
 */
import type { FastifyPluginAsync } from 'fastify';
import { fromBase64url, toBase64url } from '../../../shared/crypto/base64url';
import { signingKeyPairFromSeed, verify } from '../../../shared/crypto/ed25519';
import { REMOVAL_BODY_LIMIT, REMOVAL_PATH, removalMessage, removalRequestSchema, removalResponseSchema } from '../../../shared/protocol/api/removal';
import { findDevice } from '../../db/accounts';
import { consumeChallenge } from '../../db/auth-store';
import { readIdentityChain } from '../../db/identity-chain-store';
import type { VaultDatabase } from '../../db/open-database';
import { enforceRateLimit } from '../../db/rate-limit';
import { parseInput } from '../parse-input';
import { authBucket, type RateLimits } from '../rate-limits';
import { unauthorized } from '../session-auth';

export interface RemovalRouteOptions {
  readonly database: VaultDatabase;
  readonly rateLimits: RateLimits;
  /** The origin clients reach this server at (`https://host:port`), part of the signed bytes. */
  readonly origin: () => string;
}

/** A fixed valid Ed25519 public key, verified against for unknown devices (its seed is public: never a device key). */
const UNKNOWN_DEVICE_KEY = signingKeyPairFromSeed(new Uint8Array(32)).publicKey;

export const removalRoute: FastifyPluginAsync<RemovalRouteOptions> = async (app, { database, origin, rateLimits }) => {
  app.post(REMOVAL_PATH, { bodyLimit: REMOVAL_BODY_LIMIT }, async (request) => {
    await enforceRateLimit(database.db, authBucket(request.ip), rateLimits.auth, Date.now());
    const body = parseInput(removalRequestSchema, request.body);
    const account = fromBase64url(body.account);
    const device = fromBase64url(body.device);
    const nonce = fromBase64url(body.nonce);
    const fresh = await consumeChallenge(database.db, nonce, account, device, Date.now());
    const record = await findDevice(database.db, account, device);
    const message = removalMessage({ origin: origin(), account, device, nonce, from: body.from });
    const signed = verify('removal/v1', record?.signingKey ?? UNKNOWN_DEVICE_KEY, message, fromBase64url(body.signature)) && record !== undefined;
    const chain = fresh && signed ? await readIdentityChain(database.db, account, body.from) : undefined;
    if (chain === undefined || chain.entries.length === 0) {
      request.log.info({ event: 'removal check refused' }, 'removal check refused');
      throw unauthorized();
    }
    request.log.info({ event: 'removal check served' }, 'removal check served');
    return removalResponseSchema.parse({ entries: chain.entries.map(toBase64url), head: toBase64url(chain.head) });
  });
};
