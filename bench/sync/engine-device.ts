/**
 * One device as the sync-latency benchmark runs it: a sync engine (shared/sync/engine,
 * `createSyncEngine`) over the HTTPS transport (shared/protocol/client/http-transport.ts) with
 * undici's fetch trusting exactly the server's certificate, an in-memory state store and replica
 * (shared/sync/testing), the real clock and randomness. Counts the HTTPS requests it makes.
 */
import { Agent, fetch as undiciFetch } from 'undici';
import type { FetchLike } from '../../shared/protocol/client/http-exchange';
import { HttpTransport } from '../../shared/protocol/client/http-transport';
import type { SyncEngine } from '../../shared/sync/engine/engine-api';
import type { CollectionSyncState } from '../../shared/sync/engine/engine-state';
import { createSyncEngine } from '../../shared/sync/engine/sync-engine';
import { MemoryReplica } from '../../shared/sync/testing/memory-replica';
import { MemoryStateStore } from '../../shared/sync/testing/memory-store';

export interface DeviceConfig {
  readonly server: { readonly url: string; readonly certPem: string };
  readonly identity: Uint8Array;
  readonly device: Uint8Array;
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
  /** The personal collection (hex id) and its key of epoch 0. */
  readonly collection: string;
  readonly key: Uint8Array;
}

export interface EngineDevice {
  readonly engine: SyncEngine;
  readonly replica: MemoryReplica;
  readonly transport: HttpTransport;
  readonly fetch: FetchLike;
  /** HTTPS requests made so far. */
  requests(): number;
  close(): Promise<void>;
}

export function engineDevice(config: DeviceConfig): EngineDevice {
  const agent = new Agent({ connect: { ca: config.server.certPem } });
  let requests = 0;
  const fetch: FetchLike = (url, init) => {
    requests += 1;
    return undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent }) as unknown as Promise<Response>;
  };
  const transport = new HttpTransport({ server: config.server.url, fetch, device: { identity: config.identity, device: config.device, seed: config.seed } });
  const replica = new MemoryReplica();
  const keys = {
    identity: config.identity,
    device: config.device,
    seed: config.seed,
    publicKey: config.publicKey,
    epochKey: (collection: string, epoch: number) => (collection === config.collection && epoch === 0 ? config.key : null),
    currentEpoch: (collection: string) => (collection === config.collection ? 0 : null),
  };
  const engine = createSyncEngine({ transport, store: new MemoryStateStore<CollectionSyncState>(), replica, keys, env: { now: Date.now, random: Math.random } });
  return { engine, replica, transport, fetch, requests: () => requests, close: () => agent.close() };
}

/** A sync that must end `ok`. */
export async function syncOk(device: EngineDevice, collection: string): Promise<void> {
  const { status, state } = await device.engine.sync(collection);
  if (status !== 'ok') throw new Error(`sync ended ${status}${state === undefined ? '' : ` (${state})`}`);
}
