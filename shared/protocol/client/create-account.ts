/**
 * `POST /v1/accounts` (shared/protocol/api/accounts.ts) from a client: registers an identity chain's
 * genesis, the one request a device makes before it can sign in. Same exchange rules as the
 * transport (`http-exchange.ts`: injected fetch, `redirect: "error"`, contract-checked answer).
 * A genesis the server already holds is CONFLICT: the caller that sent it before (an interrupted
 * "create sync account") may treat that as done.
 */
import { fromBase64url, toBase64url } from '../../crypto/base64url';
import { ACCOUNTS_PATH, createAccountResponseSchema } from '../api/accounts';
import { DEFAULT_TIMEOUT_MS, parseSuccess, send, serverBase, type FetchLike } from './http-exchange';

export interface CreateAccountOptions {
  readonly server: string;
  readonly fetch: FetchLike;
  readonly timeoutMs?: number;
}

export interface CreatedAccount {
  /** The identity (account) id: SHA-256 of the genesis. */
  readonly account: Uint8Array;
  /** The first device, named by the genesis. */
  readonly device: Uint8Array;
}

export async function createAccount(options: CreateAccountOptions, genesis: Uint8Array): Promise<CreatedAccount> {
  const endpoint = { server: serverBase(options.server), fetch: options.fetch, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS };
  const response = await send(endpoint, { method: 'POST', path: ACCOUNTS_PATH, body: { genesis: toBase64url(genesis) } });
  const created = await parseSuccess(response, 201, createAccountResponseSchema);
  return { account: fromBase64url(created.account), device: fromBase64url(created.device) };
}
