/**
 * Test support for account data and deletion: gives a person on a real server the traces a synced
 * account leaves (batches whose bytes carry the identity and device ids, as real batches do; a
 * signed heartbeat naming its collections; a pending challenge), and a `fetch` plus device
 * credentials for the shared/protocol/client functions.
 */
import { afterAll } from 'vitest';
import type { TestDevice, TestIdentity } from '../../shared/chains/test-fixtures';
import { fromBase64url, toBase64url } from '../../shared/crypto/base64url';
import { randomBytes } from '../../shared/crypto/random';
import { AUTH_CHALLENGE_PATH } from '../../shared/protocol/api/auth';
import { batchesPath } from '../../shared/protocol/api/collections';
import { HEARTBEATS_PATH } from '../../shared/protocol/api/heartbeats';
import type { DeviceCredentials } from '../../shared/protocol/client/device-session';
import type { FetchLike } from '../../shared/protocol/client/http-exchange';
import { signHeartbeat } from '../../shared/sync/heartbeat';
import type { RunningServer } from '../start-server';
import { httpsRequest } from './https-request';
import { postJson } from './sync-client';
import { trustingFetch, type TrustingFetch } from './trusting-fetch';

/** Batch bytes that mention who wrote them, like a signed batch does. */
export function batchBytes(identity: TestIdentity, device: TestDevice): Uint8Array {
  return new Uint8Array([...identity.id, ...device.deviceId, ...randomBytes(48)]);
}

/** Appends `count` batches by `device` to the collection, counters from `firstCounter`. */
export async function pushBatches(server: RunningServer, identity: TestIdentity, device: TestDevice, token: string, collection: string, count: number, firstCounter = 1): Promise<void> {
  for (let i = 0; i < count; i++) {
    const body = { batch: toBase64url(batchBytes(identity, device)), device: toBase64url(device.deviceId), counter: firstCounter + i };
    const res = await postJson(server, batchesPath(collection), body, { token });
    if (res.status !== 200) throw new Error(`batch refused with ${res.status}: ${res.text}`);
  }
}

/** Stores a signed heartbeat of `device` naming the given collections. */
export async function putHeartbeat(server: RunningServer, identity: TestIdentity, device: TestDevice, token: string, collections: readonly string[]): Promise<void> {
  const heartbeat = signHeartbeat(
    {
      identity: identity.id,
      device: device.deviceId,
      signer: device.signing.publicKey,
      time: Date.now(),
      chain: { seq: identity.state.length - 1, head: identity.state.head },
      logs: collections.map((collection) => ({ collection: fromBase64url(collection), counter: 1, seq: 1, head: randomBytes(32) })),
    },
    device.signing.seed,
  );
  const res = await httpsRequest({
    url: server.url + HEARTBEATS_PATH,
    ca: server.certPem,
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ heartbeat: toBase64url(heartbeat) }),
  });
  if (res.status !== 204) throw new Error(`heartbeat refused with ${res.status}: ${res.text}`);
}

/** Leaves an unused challenge for the device on the server. */
export async function pendingChallenge(server: RunningServer, identity: TestIdentity, device: TestDevice): Promise<void> {
  await postJson(server, AUTH_CHALLENGE_PATH, { account: toBase64url(identity.id), device: toBase64url(device.deviceId) });
}

export function credentialsOf(identity: TestIdentity, device: TestDevice = identity.first): DeviceCredentials {
  return { identity: identity.id, device: device.deviceId, seed: device.signing.seed };
}

/** A fetch trusting the test server's certificate, closed after the file's tests. */
export function useTrustingFetch(): (server: RunningServer) => FetchLike {
  const made: TrustingFetch[] = [];
  afterAll(async () => {
    await Promise.all(made.map((fetch) => fetch.close()));
  });
  return (server) => {
    const trusting = trustingFetch(server.certPem);
    made.push(trusting);
    return trusting.fetch;
  };
}
