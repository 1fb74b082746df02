/**
 * Recovery's first two requests from a client (shared/protocol/api/recovery.ts): a browser that holds
 * only the recovery kit reads the identity chain of the kit's fingerprint, and appends the entry the
 * recovery key signed (planRecovery's add-device), both without a session; from then on the new
 * device signs in and uses `HttpTransport` like any device. Same exchange rules as the transport
 * (`http-exchange.ts`: injected fetch, `redirect: "error"`, contract-checked answers). The chain read
 * here is untrusted: planRecovery validates it against the kit's fingerprint.
 */
import { fromBase64url, toBase64url } from '../../crypto/base64url';
import type { Position } from '../../sync/batch';
import type { ChainPage } from '../../sync/engine/ports';
import { recoveryAppendResponseSchema, recoveryChainPath, recoveryChainResponseSchema } from '../api/recovery';
import { DEFAULT_TIMEOUT_MS, parseSuccess, send, serverBase, type Endpoint, type FetchLike } from './http-exchange';

export interface RecoveryClientOptions {
  readonly server: string;
  readonly fetch: FetchLike;
  readonly timeoutMs?: number;
}

const endpointOf = (options: RecoveryClientOptions): Endpoint => ({ server: serverBase(options.server), fetch: options.fetch, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });

/** The identity chain of `account` (the kit's fingerprint), from its genesis. */
export async function fetchChainForRecovery(options: RecoveryClientOptions, account: Uint8Array): Promise<ChainPage> {
  const response = await send(endpointOf(options), { method: 'GET', path: recoveryChainPath(toBase64url(account)) });
  const page = await parseSuccess(response, 200, recoveryChainResponseSchema);
  return { entries: page.entries.map(fromBase64url), head: fromBase64url(page.head) };
}

/** Append an entry signed by the recovery key on `prev` (compare-and-swap: CONFLICT when the head moved). */
export async function appendRecoveryEntry(options: RecoveryClientOptions, account: Uint8Array, entry: Uint8Array, prev: Uint8Array): Promise<Position> {
  const body = { entry: toBase64url(entry), prev: toBase64url(prev) };
  const response = await send(endpointOf(options), { method: 'POST', path: recoveryChainPath(toBase64url(account)), body });
  const answer = await parseSuccess(response, 200, recoveryAppendResponseSchema);
  return { seq: answer.seq, head: fromBase64url(answer.head) };
}
