/**
 * The account's own data on the sync server, from a client (issue 11): `fetchAccountData` reads
 * everything the server holds about the account (`GET /v1/accounts/:id/data`) for the "my server
 * data" view, and `deleteAccount` deletes the account and its data (`DELETE /v1/accounts/:id`),
 * confirmed by a fresh signature: a challenge (`POST /v1/auth/challenge`) signed under "auth/v1"
 * over `deleteAccountMessage` (shared/protocol/api/account-deletion.ts). Both sign in as the device
 * (`device-session.ts`) and follow the exchange rules of `http-exchange.ts` (injected fetch,
 * `redirect: "error"`, contract-checked answers, FROZEN passed through).
 *
 * The server is untrusted for what it says about itself: the data view's explanations are replaced
 * by this build's own (`ACCOUNT_DATA_EXPLANATIONS`), and an answer about another account, or a
 * device fingerprint that does not match its key, is BAD_ENCODING.
 */
import { fromBase64url, toBase64url } from '../../crypto/base64url';
import { sign } from '../../crypto/ed25519';
import { ACCOUNT_DATA_EXPLANATIONS, accountDataPath, accountDataResponseSchema, type AccountDataResponse } from '../api/account-data';
import { accountPath, deleteAccountMessage, deleteAccountResponseSchema, type DeleteAccountResponse } from '../api/account-deletion';
import { AUTH_CHALLENGE_PATH, challengeResponseSchema } from '../api/auth';
import { VaultError } from '../errors';
import { keyFingerprint } from '../key-fingerprint';
import { DeviceSession, type DeviceCredentials } from './device-session';
import { DEFAULT_TIMEOUT_MS, parseSuccess, send, serverBase, type Endpoint, type FetchLike } from './http-exchange';

export interface AccountDataOptions {
  /** The server's URL, `https://host:port` (a trailing slash is ignored). */
  readonly server: string;
  readonly fetch: FetchLike;
  /** This device: identity (account) id, device id and Ed25519 seed. */
  readonly device: DeviceCredentials;
  /** The origin signed into challenges (default: `server` without a trailing slash). */
  readonly origin?: string;
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

function connect(options: AccountDataOptions): { endpoint: Endpoint; session: DeviceSession; origin: string } {
  const server = serverBase(options.server);
  const endpoint = { server, fetch: options.fetch, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS };
  const origin = options.origin ?? server;
  return { endpoint, session: new DeviceSession(endpoint, options.device, origin, options.now ?? Date.now), origin };
}

function outsideContract(): VaultError {
  return new VaultError('BAD_ENCODING', 'the sync server answered outside its contract');
}

/** Everything the server holds about this device's account, with this build's explanations. */
export async function fetchAccountData(options: AccountDataOptions): Promise<AccountDataResponse> {
  const { endpoint, session } = connect(options);
  const account = toBase64url(options.device.identity);
  const response = await session.withSession((token) => send(endpoint, { method: 'GET', path: accountDataPath(account), token }));
  const data = await parseSuccess(response, 200, accountDataResponseSchema);
  if (data.account.id !== account) throw outsideContract();
  for (const device of data.devices) {
    if (device.fingerprint !== keyFingerprint(fromBase64url(device.signingKey))) throw outsideContract();
  }
  return { ...data, explanations: { ...ACCOUNT_DATA_EXPLANATIONS } };
}

/** Deletes this device's account from the server, confirmed by a fresh signature; returns what went. */
export async function deleteAccount(options: AccountDataOptions): Promise<DeleteAccountResponse> {
  const { endpoint, session, origin } = connect(options);
  const { identity, device, seed } = options.device;
  const ids = { account: toBase64url(identity), device: toBase64url(device) };
  const challenge = await parseSuccess(await send(endpoint, { method: 'POST', path: AUTH_CHALLENGE_PATH, body: ids }), 200, challengeResponseSchema);
  const nonce = fromBase64url(challenge.nonce);
  const signature = toBase64url(sign('auth/v1', seed, deleteAccountMessage({ origin, account: identity, device, nonce })));
  const body = { nonce: challenge.nonce, signature };
  const response = await session.withSession((token) => send(endpoint, { method: 'DELETE', path: accountPath(ids.account), body, token }));
  return parseSuccess(response, 200, deleteAccountResponseSchema);
}
