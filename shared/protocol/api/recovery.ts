/**
 * HTTP contracts of recovery from a fresh browser (DESIGN.md §7, docs/pairing.md §7, §12): a device
 * that holds only the recovery kit has no session yet, so two endpoints take none:
 * - `GET /v1/recovery/:id/chain` → `{ entries, head }`: the account's identity chain from its genesis,
 *   as `GET /v1/accounts/:id/chain` serves it (chains hold public keys only, and any session may read
 *   any chain already; the account id is the kit's fingerprint). Unknown account: 404 `NOT_FOUND`.
 * - `POST /v1/recovery/:id/chain` `{ entry, prev }` → `{ seq, head }`: appends an identity-chain entry
 *   SIGNED BY THE RECOVERY KEY (in practice the add-device of planRecovery), compare-and-swap on the
 *   head and checked by the same rules as every append (400 `BAD_CHAIN`, 409 `CONFLICT`). Any other
 *   author is 403 `FORBIDDEN_SENDER`: devices append through their session. The signature by the
 *   chain's current recovery key is the authorization, so a kit is the capability; once the new
 *   device is added it signs in and appends the rest of the plan as a device.
 * Both count against the per-address limit of the unauthenticated endpoints.
 */
import { z } from 'zod';
import { accountIdField } from './bytes-field';

export const RECOVERY_CHAIN_PATH = '/v1/recovery/:id/chain';
export const recoveryChainPath = (account: string): string => `/v1/recovery/${account}/chain`;

export const recoveryParamsSchema = z.object({ id: accountIdField }).strict();

export {
  appendChainEntryRequestSchema as recoveryAppendRequestSchema,
  appendChainEntryResponseSchema as recoveryAppendResponseSchema,
  IDENTITY_CHAIN_BODY_LIMIT as RECOVERY_BODY_LIMIT,
  identityChainResponseSchema as recoveryChainResponseSchema,
} from './identity-chain';
