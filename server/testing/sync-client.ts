/**
 * Test support for the sync API: a device with a real Ed25519 key and a real identity-chain genesis
 * (shared/chains, never mocked crypto), JSON requests over HTTPS to a running server, and the
 * challenge → session sign-in a client performs.
 */
import { createIdentityGenesis } from '../../shared/chains/append';
import { DEVICE_ID_LENGTH } from '../../shared/chains/entry';
import { fromBase64url, toBase64url } from '../../shared/crypto/base64url';
import { generateSigningKeyPair, sign, type SigningKeyPair } from '../../shared/crypto/ed25519';
import { randomBytes } from '../../shared/crypto/random';
import { generateX25519KeyPair } from '../../shared/crypto/x25519';
import { ACCOUNTS_PATH } from '../../shared/protocol/api/accounts';
import { AUTH_CHALLENGE_PATH, AUTH_SESSION_PATH, authMessage, challengeResponseSchema, sessionResponseSchema } from '../../shared/protocol/api/auth';
import type { RunningServer } from '../start-server';
import { httpsRequest, type HttpsResponse } from './https-request';

/** What a client needs to reach a server: its URL and the certificate to trust. */
export type ServerAddress = Pick<RunningServer, 'url' | 'certPem'>;

export interface TestAccount {
  readonly accountId: Uint8Array;
  readonly deviceId: Uint8Array;
  readonly signing: SigningKeyPair;
  readonly genesis: Uint8Array;
}

/** A first device and its signed genesis entry; the account id is the genesis hash. */
export function newTestAccount(): TestAccount {
  const deviceId = randomBytes(DEVICE_ID_LENGTH);
  const signing = generateSigningKeyPair();
  const genesis = createIdentityGenesis(
    { deviceId, seed: signing.seed, x25519Key: generateX25519KeyPair().publicKey },
    generateX25519KeyPair().publicKey,
  );
  return { accountId: genesis.hash, deviceId, signing, genesis: genesis.bytes };
}

export interface RequestOptions {
  readonly token?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** POST a JSON body (a string is sent as is, anything else JSON-encoded). */
export function postJson(server: ServerAddress, path: string, body: unknown, options: RequestOptions = {}): Promise<HttpsResponse> {
  return httpsRequest({
    url: server.url + path,
    ca: server.certPem,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeader(options.token), ...options.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function getJson(server: ServerAddress, path: string, options: RequestOptions = {}): Promise<HttpsResponse> {
  return httpsRequest({ url: server.url + path, ca: server.certPem, headers: { ...authHeader(options.token), ...options.headers } });
}

function authHeader(token: string | undefined): Record<string, string> {
  return token === undefined ? {} : { authorization: `Bearer ${token}` };
}

export async function createAccountOn(server: ServerAddress, account: TestAccount): Promise<HttpsResponse> {
  return postJson(server, ACCOUNTS_PATH, { genesis: toBase64url(account.genesis) });
}

/** The session request body a device would send for a fresh challenge (origin = the server URL). */
export async function signedSessionRequest(
  server: ServerAddress,
  account: TestAccount,
  options: { origin?: string; seed?: Uint8Array } = {},
): Promise<{ account: string; device: string; nonce: string; signature: string }> {
  const ids = { account: toBase64url(account.accountId), device: toBase64url(account.deviceId) };
  const challenge = challengeResponseSchema.parse((await postJson(server, AUTH_CHALLENGE_PATH, ids)).json());
  const nonce = fromBase64url(challenge.nonce);
  const message = authMessage({ origin: options.origin ?? server.url, account: account.accountId, device: account.deviceId, nonce });
  const signature = sign('auth/v1', options.seed ?? account.signing.seed, message);
  return { ...ids, nonce: challenge.nonce, signature: toBase64url(signature) };
}

/** Challenge → signed session; returns the bearer token. */
export async function signIn(server: ServerAddress, account: TestAccount): Promise<string> {
  const res = await postJson(server, AUTH_SESSION_PATH, await signedSessionRequest(server, account));
  if (res.status !== 200) throw new Error(`sign-in failed with ${res.status}: ${res.text}`);
  return sessionResponseSchema.parse(res.json()).token;
}
