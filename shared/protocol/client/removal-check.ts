/**
 * The removal check from a client (shared/protocol/api/removal.ts): after its sign-in was refused,
 * the device takes a challenge, signs `removalMessage` with its device seed under "removal/v1", and
 * is served its identity chain from `from`. No session results. Same exchange rules as the
 * transport (`http-exchange.ts`: injected fetch, `redirect: "error"`, contract-checked answers); a
 * refusal is UNAUTHORIZED like any 401. The chain served is untrusted: the caller verifies it from
 * its pin (shared/devices/removal-notice.ts).
 */
import { fromBase64url, toBase64url } from '../../crypto/base64url';
import { sign } from '../../crypto/ed25519';
import type { ChainPage } from '../../sync/engine/ports';
import { AUTH_CHALLENGE_PATH, challengeResponseSchema } from '../api/auth';
import { REMOVAL_PATH, removalMessage, removalResponseSchema } from '../api/removal';
import type { DeviceCredentials } from './device-session';
import { DEFAULT_TIMEOUT_MS, parseSuccess, send, serverBase, type FetchLike } from './http-exchange';

export interface RemovalCheckOptions {
  readonly server: string;
  readonly fetch: FetchLike;
  /** The origin signed into the message (default: `server` without a trailing slash). */
  readonly origin?: string;
  readonly timeoutMs?: number;
}

/** The identity chain from seq `from`, served after proving possession of the device key. */
export async function fetchChainAfterRefusal(options: RemovalCheckOptions, device: DeviceCredentials, from: number): Promise<ChainPage> {
  const server = serverBase(options.server);
  const endpoint = { server, fetch: options.fetch, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS };
  const ids = { account: toBase64url(device.identity), device: toBase64url(device.device) };
  const challenge = await parseSuccess(await send(endpoint, { method: 'POST', path: AUTH_CHALLENGE_PATH, body: ids }), 200, challengeResponseSchema);
  const nonce = fromBase64url(challenge.nonce);
  const message = removalMessage({ origin: options.origin ?? server, account: device.identity, device: device.device, nonce, from });
  const body = { ...ids, nonce: challenge.nonce, from, signature: toBase64url(sign('removal/v1', device.seed, message)) };
  const page = await parseSuccess(await send(endpoint, { method: 'POST', path: REMOVAL_PATH, body }), 200, removalResponseSchema);
  return { entries: page.entries.map(fromBase64url), head: fromBase64url(page.head) };
}
