/**
 * `POST /v1/accounts` from the worker (shared/protocol/api/accounts.ts): registers the identity
 * chain's genesis, the only request made before the device can sign in. fetch with
 * `redirect: "error"` (DESIGN.md §6), no cookies, no cache. The same genesis sent again answers 409,
 * which is the account this device already made: an interrupted "create sync account" resumes.
 * Errors: UNAVAILABLE (network, 5xx), RATE_LIMITED, BAD_CHAIN, or the server's code.
 */
import { toBase64url } from '../../../shared/crypto/base64url';
import { ACCOUNTS_PATH, createAccountResponseSchema } from '../../../shared/protocol/api/accounts';
import { errorBodySchema } from '../../../shared/protocol/api/error-body';
import { VaultError } from '../../../shared/protocol/errors';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Creates the account; resolves when the server holds it (new or, from a retry, already there). */
export async function registerAccount(server: string, genesis: Uint8Array, fetcher: FetchLike = fetch): Promise<void> {
  let response: Response;
  try {
    response = await fetcher(server + ACCOUNTS_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ genesis: toBase64url(genesis) }),
      redirect: 'error',
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new VaultError('UNAVAILABLE', 'the sync server cannot be reached');
  }
  if (response.status === 201) {
    createAccountResponseSchema.parse(await response.json());
    return;
  }
  if (response.status === 409) return;
  if (response.status >= 500) throw new VaultError('UNAVAILABLE', `the sync server answered ${response.status}`);
  const body = errorBodySchema.safeParse(await response.json().catch(() => null));
  throw new VaultError(body.success ? body.data.error.code : 'BAD_INPUT', `account creation answered ${response.status}`);
}
