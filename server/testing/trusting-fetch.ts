/**
 * Test support: a `fetch` (undici's, the implementation inside Node's own) that trusts exactly one
 * certificate, the test server's self-signed one, through an undici Agent with it as the CA; no
 * verification is turned off. Shaped as the client's FetchLike, so shared/protocol/client runs in
 * Node tests as it does in the service worker.
 */
import { Agent, fetch as undiciFetch } from 'undici';
import type { FetchLike } from '../../shared/protocol/client/http-exchange';

export interface TrustingFetch {
  readonly fetch: FetchLike;
  close(): Promise<void>;
}

export function trustingFetch(certPem: string): TrustingFetch {
  const agent = new Agent({ connect: { ca: certPem } });
  const fetch: FetchLike = (url, init) =>
    undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent }) as unknown as Promise<Response>;
  return { fetch, close: () => agent.close() };
}
