/**
 * HTTP contract of `DELETE /v1/accounts/:id` (issue 11; docs/data-flows.md, docs/decisions/
 * 006-account-deletion.md): a device deletes its own account and everything the server holds for
 * it. Behind a session of that account (another account's is 403 `FORBIDDEN_SENDER`), and
 * confirmed by a fresh signature, so a leaked session token alone cannot delete anything:
 *
 *   1. `POST /v1/auth/challenge` `{ account, device }` → `{ nonce }` (the sign-in challenge: single
 *      use, 60 s, bound to this account and device);
 *   2. the device signs `deleteAccountMessage(...)` with its Ed25519 key under "auth/v1";
 *   3. `DELETE /v1/accounts/:id` `{ nonce, signature }` with the session's bearer token.
 *
 * The signed bytes are canonical CBOR (RFC 8949 §4.2.1) of
 *   { kind: "delete-account", v: 1, origin: text, account: bytes(32), device: bytes(16), nonce: bytes(32) }
 * — the sign-in message of shared/protocol/api/auth.ts with another `kind`, so a sign-in signature
 * can never be replayed as a deletion, and the origin binds it to one server. A nonce that is
 * reused, expired or issued for another device, or a signature that does not verify with the
 * session device's key, is 400 `BAD_SIGNATURE`; the nonce is consumed either way.
 *
 * The answer counts what was removed. Collections with other members are left (the membership row
 * goes; the entries and batches this account signed stay in their history), and the identity
 * chain is kept, public keys and signatures only, while any collection chain still names the
 * account (`identityChainKept`), so the other members can go on verifying their history.
 */
import { z } from 'zod';
import { encodeCanonical } from '../../crypto/cbor';
import { NONCE_BYTES, SIGNATURE_BYTES } from './auth';
import { accountIdField, fixedBytes } from './bytes-field';

export const ACCOUNT_PATH = '/v1/accounts/:id';
export const accountPath = (account: string): string => `/v1/accounts/${account}`;
export const ACCOUNT_DELETION_BODY_LIMIT = 1024;
export const DELETE_ACCOUNT_MESSAGE_VERSION = 1;

export const accountDeletionParamsSchema = z.object({ id: accountIdField }).strict();
export const deleteAccountRequestSchema = z.object({ nonce: fixedBytes(NONCE_BYTES), signature: fixedBytes(SIGNATURE_BYTES) }).strict();

const count = z.number().int().nonnegative();

export const deleteAccountResponseSchema = z
  .object({
    deleted: z
      .object({ devices: count, collections: count, batches: count, chainEntries: count, heartbeats: count, sessions: count })
      .strict(),
    /** Collections with other members, whose membership row was removed. */
    leftSharedCollections: count,
    /** True when the identity chain stays because a collection chain of others names the account. */
    identityChainKept: z.boolean(),
  })
  .strict();

export type DeleteAccountRequest = z.infer<typeof deleteAccountRequestSchema>;
export type DeleteAccountResponse = z.infer<typeof deleteAccountResponseSchema>;

export interface DeleteAccountMessageFields {
  readonly origin: string;
  readonly account: Uint8Array;
  readonly device: Uint8Array;
  readonly nonce: Uint8Array;
}

/** The exact bytes a device signs (under "auth/v1") to confirm deleting its account. */
export function deleteAccountMessage(fields: DeleteAccountMessageFields): Uint8Array {
  return encodeCanonical({
    kind: 'delete-account',
    v: DELETE_ACCOUNT_MESSAGE_VERSION,
    origin: fields.origin,
    account: fields.account,
    device: fields.device,
    nonce: fields.nonce,
  });
}
