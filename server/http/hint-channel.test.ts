/**
 * The client's hint channel (shared/protocol/client/hint-channel.ts) against a real server on
 * SQLite and PostgreSQL, through ws trusting the server's certificate: with a token from
 * HttpTransport it receives `{ collection, seq }` for appends to its collection; a refused token
 * closes it with 1008.
 */
import WebSocket from 'ws';
import { afterAll, expect, it } from 'vitest';
import { GENESIS_PREV } from '../../shared/chains/entry';
import { TestIdentity } from '../../shared/chains/test-fixtures';
import { randomBytes } from '../../shared/crypto/random';
import { toBase64url } from '../../shared/crypto/base64url';
import { HINT_CLOSE_POLICY } from '../../shared/protocol/api/hints';
import { createAccount } from '../../shared/protocol/client/create-account';
import { openHintChannel, type WebSocketLike } from '../../shared/protocol/client/hint-channel';
import { HttpTransport } from '../../shared/protocol/client/http-transport';
import type { RunningServer } from '../start-server';
import { collectionGenesis } from '../testing/collection-client';
import { describeOnDatabases } from '../testing/on-databases';
import { trustingFetch, type TrustingFetch } from '../testing/trusting-fetch';

const fetchers: TrustingFetch[] = [];
afterAll(async () => {
  await Promise.all(fetchers.map((f) => f.close()));
});

const connectTrusting = (server: RunningServer) => (url: string) => new WebSocket(url, { ca: server.certPem }) as unknown as WebSocketLike;

describeOnDatabases('hint channel client', ({ server }) => {
  it('delivers hints for appends to its collections, with a token from the transport', async () => {
    const identity = new TestIdentity();
    const trusting = trustingFetch(server().certPem);
    fetchers.push(trusting);
    await createAccount({ server: server().url, fetch: trusting.fetch }, identity.entries[0] as Uint8Array);
    const device = { identity: identity.id, device: identity.first.deviceId, seed: identity.first.signing.seed };
    const transport = new HttpTransport({ server: server().url, fetch: trusting.fetch, device });
    const collection = randomBytes(16);
    await transport.appendCollectionEntry(collection, collectionGenesis(identity, collection).bytes, GENESIS_PREV);

    const hints: { collection: Uint8Array; seq: number }[] = [];
    const channel = openHintChannel({ server: server().url, connect: connectTrusting(server()), token: () => transport.hintToken(), onHint: (hint) => hints.push(hint) });
    try {
      let counter = 0;
      await expect
        .poll(async () => {
          counter += 1;
          await transport.appendBatch(collection, randomBytes(16), counter);
          return hints.length;
        }, { timeout: 10_000, interval: 200 })
        .toBeGreaterThan(0);
      expect(hints.every((hint) => toBase64url(hint.collection) === toBase64url(collection) && hint.seq >= 1 && hint.seq <= counter)).toBe(true);
    } finally {
      channel.close();
    }
  });

  it('reports the close code when the server refuses the token', async () => {
    const code = await new Promise<number>((resolve) => {
      openHintChannel({
        server: server().url,
        connect: connectTrusting(server()),
        token: async () => toBase64url(randomBytes(32)),
        onHint: () => {},
        onClose: resolve,
      });
    });
    expect(code).toBe(HINT_CLOSE_POLICY);
  });
});
