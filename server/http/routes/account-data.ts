/**
 * `GET /v1/accounts/:id/data` (shared/protocol/api/account-data.ts): everything the server holds
 * about the session's own account (another account's is 403 `FORBIDDEN_SENDER`), read with
 * `server/db/account-inventory.ts` and presented as counts, sizes, ids, public keys and times with
 * the shared explanations. The answer is checked against its contract before it leaves.
 */
import type { FastifyPluginAsync } from 'fastify';
import { fromBase64url, toBase64url } from '../../../shared/crypto/base64url';
import { equalBytes } from '../../../shared/crypto/constant-time';
import {
  ACCOUNT_DATA_EXPLANATIONS,
  ACCOUNT_DATA_PATH,
  accountDataParamsSchema,
  accountDataResponseSchema,
  type AccountDataResponse,
} from '../../../shared/protocol/api/account-data';
import { VaultError } from '../../../shared/protocol/errors';
import { keyFingerprint } from '../../../shared/protocol/key-fingerprint';
import { readAccountInventory, type AccountInventory } from '../../db/account-inventory';
import type { VaultDatabase } from '../../db/open-database';
import { parseInput } from '../parse-input';
import type { RateLimits } from '../rate-limits';
import { requireSession } from '../session-auth';

export interface AccountDataRouteOptions {
  readonly database: VaultDatabase;
  readonly rateLimits: RateLimits;
}

export function presentAccountData(inventory: AccountInventory): AccountDataResponse {
  const total = (items: readonly Uint8Array[]) => items.reduce((sum, item) => sum + item.length, 0);
  return {
    account: { id: toBase64url(inventory.account.id), createdAt: inventory.account.createdAt, frozen: inventory.account.frozenAt !== null },
    identityChain: { entries: inventory.identityChain.entries.length, bytes: total(inventory.identityChain.entries), head: toBase64url(inventory.identityChain.head) },
    devices: inventory.devices.map((device) => ({
      id: toBase64url(device.deviceId),
      signingKey: toBase64url(device.signingKey),
      fingerprint: keyFingerprint(device.signingKey),
      revoked: device.revoked,
      frozen: device.frozenAt !== null,
      lastSeenHour: device.lastSeenHour,
    })),
    sessions: inventory.sessions,
    challenges: inventory.challenges,
    heartbeats: inventory.heartbeats.map((beat) => ({ device: toBase64url(beat.deviceId), time: beat.time, bytes: beat.bytes.length })),
    collections: inventory.collections.map((collection) => ({
      id: toBase64url(collection.collectionId),
      role: collection.role as AccountDataResponse['collections'][number]['role'],
      createdByYou: collection.createdByAccount,
      members: collection.members,
      chainEntries: collection.chainEntries,
      chainBytes: collection.chainBytes,
      batches: collection.batches,
      logBytes: collection.logBytes,
      batchesByYourDevices: collection.batchesByAccount,
    })),
    rateLimits: inventory.rateLimits.map((window) => ({ device: toBase64url(window.deviceId), windowStart: window.windowStart, requests: window.count })),
    explanations: { ...ACCOUNT_DATA_EXPLANATIONS },
  };
}

export const accountDataRoute: FastifyPluginAsync<AccountDataRouteOptions> = async (app, { database, rateLimits }) => {
  app.get(ACCOUNT_DATA_PATH, async (request) => {
    const session = await requireSession(database.db, request, rateLimits.device);
    const { id } = parseInput(accountDataParamsSchema, request.params);
    const accountId = fromBase64url(id);
    if (!equalBytes(accountId, session.accountId)) throw new VaultError('FORBIDDEN_SENDER', "only the account's own devices read its data");
    const inventory = await readAccountInventory(database, accountId, Date.now());
    if (inventory === undefined) throw new VaultError('NOT_FOUND', 'no such account');
    return accountDataResponseSchema.parse(presentAccountData(inventory));
  });
};
