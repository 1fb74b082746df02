/**
 * `PUT /v1/heartbeats` and `GET /v1/accounts/:id/heartbeats` (shared/protocol/api/heartbeats.ts),
 * behind a session. A device stores only its own heartbeat: the bytes must decode strictly
 * (shared/sync/heartbeat.ts; else 400 `BAD_INPUT`), name the session's account and device (else 403
 * `FORBIDDEN_SENDER`), and carry that device's registered signing key with a valid "heartbeat/v1"
 * signature (else 400 `BAD_SIGNATURE`). Heartbeats are read by the account itself and by accounts
 * that share a collection with it; to anyone else the account is unknown (404 `NOT_FOUND`).
 */
import type { FastifyPluginAsync } from 'fastify';
import { fromBase64url, toBase64url } from '../../../shared/crypto/base64url';
import { equalBytes } from '../../../shared/crypto/constant-time';
import {
  ACCOUNT_HEARTBEATS_PATH,
  accountHeartbeatsParamsSchema,
  accountHeartbeatsResponseSchema,
  HEARTBEATS_BODY_LIMIT,
  HEARTBEATS_PATH,
  putHeartbeatRequestSchema,
} from '../../../shared/protocol/api/heartbeats';
import { VaultError } from '../../../shared/protocol/errors';
import { decodeHeartbeat, heartbeatSignatureValid, type Heartbeat } from '../../../shared/sync/heartbeat';
import { findDevice } from '../../db/accounts';
import { sharesCollection } from '../../db/collection-members';
import { readHeartbeats, storeHeartbeat } from '../../db/heartbeat-store';
import type { VaultDatabase } from '../../db/open-database';
import { parseInput } from '../parse-input';
import type { RateLimits } from '../rate-limits';
import { requireSession } from '../session-auth';

export interface HeartbeatsRouteOptions {
  readonly database: VaultDatabase;
  readonly rateLimits: RateLimits;
}

function decodeOrRefuse(bytes: Uint8Array): Heartbeat {
  try {
    return decodeHeartbeat(bytes);
  } catch (error) {
    if (error instanceof VaultError) throw new VaultError('BAD_INPUT', 'malformed heartbeat');
    throw error;
  }
}

export const heartbeatsRoute: FastifyPluginAsync<HeartbeatsRouteOptions> = async (app, { database, rateLimits }) => {
  app.put(HEARTBEATS_PATH, { bodyLimit: HEARTBEATS_BODY_LIMIT }, async (request, reply) => {
    const session = await requireSession(database.db, request, rateLimits.device);
    const body = parseInput(putHeartbeatRequestSchema, request.body);
    const heartbeat = decodeOrRefuse(fromBase64url(body.heartbeat));
    const { identity, device, signer, time } = heartbeat.fields;
    if (!equalBytes(identity, session.accountId) || !equalBytes(device, session.deviceId)) {
      throw new VaultError('FORBIDDEN_SENDER', "a device stores only its own heartbeat");
    }
    const registered = await findDevice(database.db, session.accountId, session.deviceId);
    if (registered === undefined || !equalBytes(registered.signingKey, signer) || !heartbeatSignatureValid(heartbeat)) {
      throw new VaultError('BAD_SIGNATURE', "the heartbeat is not signed by this device's key");
    }
    await storeHeartbeat(database.db, { accountId: identity, deviceId: device, time, bytes: heartbeat.bytes });
    return reply.code(204).send();
  });

  app.get(ACCOUNT_HEARTBEATS_PATH, async (request) => {
    const session = await requireSession(database.db, request, rateLimits.device);
    const { id } = parseInput(accountHeartbeatsParamsSchema, request.params);
    const accountId = fromBase64url(id);
    if (!(await sharesCollection(database.db, session.accountId, accountId))) throw new VaultError('NOT_FOUND', 'no such account');
    const heartbeats = await readHeartbeats(database.db, accountId);
    return accountHeartbeatsResponseSchema.parse({ heartbeats: heartbeats.map(toBase64url) });
  });
};
