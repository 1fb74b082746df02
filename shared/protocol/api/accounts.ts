/**
 * HTTP contract of `POST /v1/accounts` (DESIGN.md §5, §6 Server API): an account begins with its
 * first device's signed identity-chain genesis entry, sent as the exact bytes signed. The account id
 * is the SHA-256 of those bytes (the identity id and vault fingerprint). Nothing password-derived is
 * ever part of this request: the body is `.strict()` and carries the genesis only.
 * Answers 201 `{ account, device }`; 400 `BAD_CHAIN` for an entry that is not a valid genesis; 409
 * `CONFLICT` when the account exists.
 */
import { z } from 'zod';
import { accountIdField, boundedBytes, deviceIdField } from './bytes-field';

export const ACCOUNTS_PATH = '/v1/accounts';

/** Upper bound of a genesis entry's bytes (a genesis is ~300 bytes). */
export const GENESIS_MAX_BYTES = 4096;
/** Body limit of the route: the genesis in base64url plus the JSON around it. */
export const ACCOUNTS_BODY_LIMIT = 8 * 1024;

export const createAccountRequestSchema = z.object({ genesis: boundedBytes(GENESIS_MAX_BYTES) }).strict();

export const createAccountResponseSchema = z.object({ account: accountIdField, device: deviceIdField }).strict();

export type CreateAccountRequest = z.infer<typeof createAccountRequestSchema>;
export type CreateAccountResponse = z.infer<typeof createAccountResponseSchema>;
