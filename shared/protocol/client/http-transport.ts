/**
 * The sync engine's transport over HTTPS (`SyncTransport`, shared/sync/engine/ports.ts): each port
 * method is one request to the server's API (shared/protocol/api/), made through an injected
 * `fetch` with `redirect: "error"` (`http-exchange.ts`), behind a session this client keeps itself
 * (`device-session.ts`: challenge signed with the device's seed under "auth/v1", one re-sign-in on a
 * 401). Every answer is parsed with its shared contract before anything is returned; ids and bytes
 * cross as unpadded base64url. Errors are VaultErrors: UNAVAILABLE (network, timeout, 5xx),
 * CONFLICT (409), UNAUTHORIZED (401 after one retry), RATE_LIMITED (429), BAD_ENCODING (an answer
 * outside its contract), or the refusal's code (NOT_FOUND, BAD_CHAIN, FORBIDDEN_SENDER, …).
 * Runs unchanged in the extension's service worker and in Node.
 */
import { fromBase64url, toBase64url } from '../../crypto/base64url';
import type { Position } from '../../sync/batch';
import type { ChainPage, ChangesPage, CheckpointRef, ServedChange, SyncTransport } from '../../sync/engine/ports';
import {
  appendCollectionEntryResponseSchema,
  collectionChainPath,
  collectionChainResponseSchema,
} from '../api/collection-chain';
import { appendBatchResponseSchema, batchesPath, changesPath, changesResponseSchema, checkpointsPath, registerCheckpointResponseSchema } from '../api/collections';
import { accountHeartbeatsPath, accountHeartbeatsResponseSchema, HEARTBEATS_PATH } from '../api/heartbeats';
import { appendChainEntryResponseSchema, identityChainPath, identityChainResponseSchema } from '../api/identity-chain';
import { VaultError } from '../errors';
import { DeviceSession, type DeviceCredentials } from './device-session';
import { DEFAULT_TIMEOUT_MS, expectEmpty, parseSuccess, send, serverBase, type Endpoint, type Exchange, type FetchLike } from './http-exchange';

export interface HttpTransportOptions {
  /** The server's URL, `https://host:port` (a trailing slash is ignored). */
  readonly server: string;
  /** The fetch to use: the worker's global fetch, or a Node fetch that trusts a test CA. */
  readonly fetch: FetchLike;
  /** This device: identity (account) id, device id and Ed25519 seed (e.g. the engine's DeviceKeys). */
  readonly device: DeviceCredentials;
  /** The origin signed into sign-in challenges (default: `server` without a trailing slash). */
  readonly origin?: string;
  /** Per-request timeout in ms (default 30 000). */
  readonly timeoutMs?: number;
  /** Clock for the session's expiry (default Date.now). */
  readonly now?: () => number;
}

const chainPage = (page: { entries: string[]; head: string }): ChainPage => ({
  entries: page.entries.map(fromBase64url),
  head: fromBase64url(page.head),
});

const position = (answer: { seq: number; head: string }): Position => ({ seq: answer.seq, head: fromBase64url(answer.head) });

export class HttpTransport implements SyncTransport {
  private readonly endpoint: Endpoint;
  private readonly session: DeviceSession;
  private readonly deviceId: Uint8Array;

  constructor(options: HttpTransportOptions) {
    this.deviceId = options.device.device;
    const server = serverBase(options.server);
    this.endpoint = { server, fetch: options.fetch, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS };
    this.session = new DeviceSession(this.endpoint, options.device, options.origin ?? server, options.now ?? Date.now);
  }

  /** A session token for the hint WebSocket's first message (`{ token }`, shared/protocol/api/hints.ts). */
  hintToken(): Promise<string> {
    return this.session.bearer();
  }

  async identityChain(identity: Uint8Array, from: number): Promise<ChainPage> {
    const path = `${identityChainPath(toBase64url(identity))}?from=${checkedSeq(from)}`;
    return chainPage(await parseSuccess(await this.authed({ method: 'GET', path }), 200, identityChainResponseSchema));
  }

  async appendIdentityEntry(identity: Uint8Array, entry: Uint8Array, prev: Uint8Array): Promise<Position> {
    const exchange: Exchange = { method: 'POST', path: identityChainPath(toBase64url(identity)), body: { entry: toBase64url(entry), prev: toBase64url(prev) } };
    return position(await parseSuccess(await this.authed(exchange), 200, appendChainEntryResponseSchema));
  }

  async collectionChain(collection: Uint8Array, from: number): Promise<ChainPage> {
    const path = `${collectionChainPath(toBase64url(collection))}?from=${checkedSeq(from)}`;
    return chainPage(await parseSuccess(await this.authed({ method: 'GET', path }), 200, collectionChainResponseSchema));
  }

  async appendCollectionEntry(collection: Uint8Array, entry: Uint8Array, prev: Uint8Array): Promise<Position> {
    const exchange: Exchange = { method: 'POST', path: collectionChainPath(toBase64url(collection)), body: { entry: toBase64url(entry), prev: toBase64url(prev) } };
    return position(await parseSuccess(await this.authed(exchange), 200, appendCollectionEntryResponseSchema));
  }

  async changes(collection: Uint8Array, since: number, limit?: number): Promise<ChangesPage> {
    const query = `since=${checkedSeq(since)}${limit === undefined ? '' : `&limit=${checkedSeq(limit)}`}`;
    const page = await parseSuccess(await this.authed({ method: 'GET', path: `${changesPath(toBase64url(collection))}?${query}` }), 200, changesResponseSchema);
    const full = page.changes.map((change) => ({ seq: change.seq, head: fromBase64url(change.head), batch: fromBase64url(change.batch) }));
    const compacted = (page.compacted ?? []).map((row) => ({ seq: row.seq, head: fromBase64url(row.head), batch: new Uint8Array(0), batchId: fromBase64url(row.batchId) }));
    const changes: ServedChange[] = [...compacted, ...full].sort((a, b) => a.seq - b.seq);
    return { changes, ...(page.next === undefined ? {} : { next: page.next }), ...(page.checkpoint === undefined ? {} : { checkpoint: page.checkpoint }) };
  }

  async registerCheckpoint(collection: Uint8Array, seq: number): Promise<CheckpointRef> {
    const exchange: Exchange = { method: 'POST', path: checkpointsPath(toBase64url(collection)), body: { seq: checkedSeq(seq) } };
    return parseSuccess(await this.authed(exchange), 200, registerCheckpointResponseSchema);
  }

  async appendBatch(collection: Uint8Array, batch: Uint8Array, counter: number): Promise<Position> {
    const body = { batch: toBase64url(batch), device: toBase64url(this.deviceId), counter };
    return position(await parseSuccess(await this.authed({ method: 'POST', path: batchesPath(toBase64url(collection)), body }), 200, appendBatchResponseSchema));
  }

  async putHeartbeat(heartbeat: Uint8Array): Promise<void> {
    await expectEmpty(await this.authed({ method: 'PUT', path: HEARTBEATS_PATH, body: { heartbeat: toBase64url(heartbeat) } }), 204);
  }

  async heartbeats(identity: Uint8Array): Promise<readonly Uint8Array[]> {
    const answer = await parseSuccess(await this.authed({ method: 'GET', path: accountHeartbeatsPath(toBase64url(identity)) }), 200, accountHeartbeatsResponseSchema);
    return answer.heartbeats.map(fromBase64url);
  }

  private authed(exchange: Exchange): Promise<Response> {
    return this.session.withSession((token) => send(this.endpoint, { ...exchange, token }));
  }
}

/** Positions in queries are plain non-negative integers; anything else is the caller's bug. */
function checkedSeq(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new VaultError('BAD_INPUT', `not a position: ${value}`);
  return value;
}
