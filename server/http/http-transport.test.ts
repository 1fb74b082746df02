/**
 * The HTTPS client of shared/protocol/client (HttpTransport, createAccount) against a real server on
 * SQLite and PostgreSQL, through undici's fetch trusting the server's self-signed certificate: every
 * SyncTransport method round-trips real signed entries, batches and heartbeats; stale heads and
 * taken counters are CONFLICT; the session is renewed by itself when it ends, and a revoked device
 * is UNAUTHORIZED; an unreachable server is UNAVAILABLE.
 */
import { afterAll, expect, it } from 'vitest';
import { GENESIS_PREV } from '../../shared/chains/entry';
import { deviceSigner, TestIdentity } from '../../shared/chains/test-fixtures';
import { randomBytes } from '../../shared/crypto/random';
import { createAccount } from '../../shared/protocol/client/create-account';
import { HttpTransport } from '../../shared/protocol/client/http-transport';
import type { Position } from '../../shared/sync/batch';
import { signHeartbeat } from '../../shared/sync/heartbeat';
import { revokeDevice } from '../db/accounts';
import type { RunningServer } from '../start-server';
import { collectionGenesis } from '../testing/collection-client';
import { describeOnDatabases } from '../testing/on-databases';
import { trustingFetch, type TrustingFetch } from '../testing/trusting-fetch';
import { codeOf } from '../../shared/protocol/testing/error-code';

const fetchers: TrustingFetch[] = [];
afterAll(async () => {
  await Promise.all(fetchers.map((f) => f.close()));
});

function fetchFor(server: RunningServer) {
  const trusting = trustingFetch(server.certPem);
  fetchers.push(trusting);
  return trusting.fetch;
}


/** A new person with an account, and the transport of their first device. */
async function enrolled(server: RunningServer) {
  const identity = new TestIdentity();
  const fetch = fetchFor(server);
  const created = await createAccount({ server: server.url, fetch }, identity.entries[0] as Uint8Array);
  expect(created).toEqual({ account: identity.id, device: identity.first.deviceId });
  const device = { identity: identity.id, device: identity.first.deviceId, seed: identity.first.signing.seed };
  return { identity, fetch, transport: new HttpTransport({ server: `${server.url}/`, fetch, device }) };
}

describeOnDatabases('HttpTransport over HTTPS', ({ server, database }) => {
  it('round-trips identity and collection chains, batches in pages, and heartbeats', async () => {
    const { identity, fetch, transport } = await enrolled(server());
    expect(await codeOf(createAccount({ server: server().url, fetch }, identity.entries[0] as Uint8Array))).toBe('CONFLICT');
    expect(await transport.identityChain(identity.id, 0)).toEqual({ entries: identity.entries, head: identity.state.head });

    const before = identity.state.head;
    identity.addDevice(deviceSigner(identity.first));
    expect(await transport.appendIdentityEntry(identity.id, identity.entries[1] as Uint8Array, before)).toEqual({ seq: 1, head: identity.state.head });
    expect(await codeOf(transport.appendIdentityEntry(identity.id, identity.entries[1] as Uint8Array, before))).toBe('CONFLICT');
    expect((await transport.identityChain(identity.id, 1)).entries).toEqual([identity.entries[1]]);

    const collection = randomBytes(16);
    const genesis = collectionGenesis(identity, collection);
    expect(await transport.appendCollectionEntry(collection, genesis.bytes, GENESIS_PREV)).toEqual({ seq: 0, head: genesis.hash });
    expect(await codeOf(transport.appendCollectionEntry(collection, genesis.bytes, GENESIS_PREV))).toBe('CONFLICT');
    expect(await transport.collectionChain(collection, 0)).toEqual({ entries: [genesis.bytes], head: genesis.hash });
    expect(await codeOf(transport.appendCollectionEntry(collection, randomBytes(90), genesis.hash))).toBe('BAD_CHAIN');

    const batches = [randomBytes(50), randomBytes(70), randomBytes(10)];
    const positions: Position[] = [];
    for (const [index, batch] of batches.entries()) positions.push(await transport.appendBatch(collection, batch, index + 1));
    expect(positions.map((p) => p.seq)).toEqual([1, 2, 3]);
    expect(await transport.appendBatch(collection, batches[0] as Uint8Array, 1)).toEqual(positions[0]);
    expect(await codeOf(transport.appendBatch(collection, randomBytes(8), 1))).toBe('CONFLICT');
    const first = await transport.changes(collection, 0, 2);
    expect(first).toEqual({ changes: batches.slice(0, 2).map((batch, i) => ({ ...positions[i], batch })), next: 2 });
    expect(await transport.changes(collection, 2)).toEqual({ changes: [{ ...positions[2], batch: batches[2] }] });

    const heartbeat = signHeartbeat(
      {
        identity: identity.id,
        device: identity.first.deviceId,
        signer: identity.first.signing.publicKey,
        time: Date.now(),
        chain: { seq: 1, head: identity.state.head },
        logs: [{ collection, counter: 3, ...(positions[2] as Position) }],
      },
      identity.first.signing.seed,
    );
    await transport.putHeartbeat(heartbeat);
    expect(await transport.heartbeats(identity.id)).toEqual([heartbeat]);
    expect(await codeOf(transport.collectionChain(randomBytes(16), 0))).toBe('NOT_FOUND');
    expect(await codeOf(transport.heartbeats(randomBytes(32)))).toBe('NOT_FOUND');
  });

  it('signs in again by itself when its session ended, and is UNAUTHORIZED once its device is revoked', async () => {
    const { identity, transport } = await enrolled(server());
    await transport.identityChain(identity.id, 0);
    await database().db.updateTable('sessions').set({ expires_at: Date.now() - 1 }).where('account_id', '=', Buffer.from(identity.id)).execute();
    expect((await transport.identityChain(identity.id, 0)).entries).toHaveLength(1);
    await revokeDevice(database().db, identity.id, identity.first.deviceId);
    expect(await codeOf(transport.identityChain(identity.id, 0))).toBe('UNAUTHORIZED');
  });

  it('is UNAVAILABLE when the server cannot be reached', async () => {
    const { identity } = await enrolled(server());
    const device = { identity: identity.id, device: identity.first.deviceId, seed: identity.first.signing.seed };
    const closed = new HttpTransport({ server: 'https://127.0.0.1:9', fetch: fetchFor(server()), device, timeoutMs: 2000 });
    expect(await codeOf(closed.changes(randomBytes(16), 0))).toBe('UNAVAILABLE');
  });
});
