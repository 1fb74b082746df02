/**
 * What the sync endpoints log (DESIGN.md §6: structured logs without bodies or secrets): a full
 * sign-in, collection chain, append, pull, heartbeat and WebSocket hint session, logged at the most
 * verbose level, leaves no session token, nonce, signature, genesis, chain entry, batch or heartbeat
 * bytes and no query string in the server's log lines, refused requests included; and the lines
 * that are there are JSON with the request's path only.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENESIS_PREV } from '../../shared/chains/entry';
import { TestIdentity } from '../../shared/chains/test-fixtures';
import { toBase64url } from '../../shared/crypto/base64url';
import { randomBytes } from '../../shared/crypto/random';
import { AUTH_SESSION_PATH, sessionResponseSchema } from '../../shared/protocol/api/auth';
import { collectionChainPath } from '../../shared/protocol/api/collection-chain';
import { batchesPath, changesPath } from '../../shared/protocol/api/collections';
import { accountHeartbeatsPath, HEARTBEATS_PATH } from '../../shared/protocol/api/heartbeats';
import { signHeartbeat } from '../../shared/sync/heartbeat';
import { startServer } from '../start-server';
import { asAccount, collectionGenesis, postChainEntry } from '../testing/collection-client';
import { httpsRequest } from '../testing/https-request';
import { isHint, openHintSocket, untilHinted } from '../testing/hint-socket';
import { captureLogs } from '../testing/log-capture';
import { createAccountOn, getJson, postJson, signedSessionRequest } from '../testing/sync-client';
import { useTempDirs } from '../testing/temp-dir';

const tempDir = useTempDirs('vault-sync-log-');

describe('sync endpoint logs', () => {
  it('never carry tokens, nonces, signatures, chain entries, batches, heartbeats or query strings', async () => {
    const logs = captureLogs();
    const dataDir = tempDir();
    const server = await startServer({
      dataDir,
      port: 0,
      logLevel: 'trace',
      logDestination: logs.destination,
      database: { kind: 'sqlite', file: path.join(dataDir, 'vault.sqlite') },
    });
    try {
      const identity = new TestIdentity();
      const account = asAccount(identity);
      await createAccountOn(server, account);
      const request = await signedSessionRequest(server, account);
      const { token } = sessionResponseSchema.parse((await postJson(server, AUTH_SESSION_PATH, request)).json());
      await postJson(server, AUTH_SESSION_PATH, request);

      const collectionId = randomBytes(16);
      const collection = toBase64url(collectionId);
      const genesis = collectionGenesis(identity, collectionId).bytes;
      await postChainEntry(server, token, collectionId, genesis, GENESIS_PREV);
      await postChainEntry(server, token, collectionId, genesis, GENESIS_PREV);
      await getJson(server, `${collectionChainPath(collection)}?from=0`, { token });

      const batches: string[] = [];
      let counter = 0;
      const append = async () => {
        const batch = toBase64url(randomBytes(48));
        batches.push(batch);
        counter += 1;
        const res = await postJson(server, batchesPath(collection), { batch, device: request.device, counter }, { token });
        return (res.json() as { seq: number }).seq;
      };
      const socket = await openHintSocket(server, token);
      const refusedSocket = await openHintSocket(server);
      refusedSocket.send(JSON.stringify({ token: toBase64url(randomBytes(32)), secret: 'hint-secret' }));
      await refusedSocket.closed;
      const seq = await untilHinted(socket, collection, append);
      await socket.waitFor((m) => isHint(m, collection, seq));
      socket.close();
      await postJson(server, batchesPath(collection), { batch: batches[0], device: request.device, counter: 1, junk: 'body-secret' }, { token });
      await getJson(server, `${changesPath(collection)}?since=0&limit=5`, { token });

      const heartbeat = toBase64url(
        signHeartbeat(
          { identity: identity.id, device: identity.first.deviceId, signer: identity.first.signing.publicKey, time: 1, chain: { seq: 0, head: identity.state.head }, logs: [] },
          identity.first.signing.seed,
        ),
      );
      await httpsRequest({
        url: server.url + HEARTBEATS_PATH,
        ca: server.certPem,
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ heartbeat }),
      });
      await getJson(server, accountHeartbeatsPath(toBase64url(identity.id)), { token });

      const text = logs.text();
      expect(text).toContain('request completed');
      expect(text).toContain('hint socket refused');
      const secrets = [token, request.nonce, request.signature, toBase64url(account.genesis), toBase64url(genesis), heartbeat, ...batches, 'since=0', 'from=0', 'hint-secret', 'body-secret'];
      for (const secret of secrets) expect(text).not.toContain(secret);
      for (const entry of logs.entries()) {
        const req = entry.req as { path?: string } | undefined;
        if (req?.path !== undefined) expect(req.path).not.toContain('?');
      }
    } finally {
      await server.close();
    }
  });
});
