/**
 * What the sync endpoints log: a full sign-in, append and pull leave no token, nonce, signature,
 * genesis or batch bytes in the server's log lines (DESIGN.md §6: structured logs without bodies or
 * secrets), and two server processes on one PostgreSQL allocate seqs under the same lock.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toBase64url } from '../../shared/crypto/base64url';
import { randomBytes } from '../../shared/crypto/random';
import { AUTH_SESSION_PATH, sessionResponseSchema } from '../../shared/protocol/api/auth';
import { appendBatchResponseSchema, batchesPath, changesPath, changesResponseSchema } from '../../shared/protocol/api/collections';
import { startServer, type RunningServer } from '../start-server';
import { asAccount, createCollectionOn } from '../testing/collection-client';
import { captureLogs } from '../testing/log-capture';
import { usePostgresSchema } from '../testing/postgres-schema';
import { createAccountOn, getJson, postJson, signedSessionRequest, signIn } from '../testing/sync-client';
import { TestIdentity } from '../../shared/chains/test-fixtures';
import { useTempDirs } from '../testing/temp-dir';

const tempDir = useTempDirs('vault-sync-log-');
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? '';

describe('sync endpoint logs', () => {
  it('never carry tokens, nonces, signatures, genesis or batch bytes', async () => {
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
      const collection = await createCollectionOn(server, { identity, account, token });
      const batch = toBase64url(randomBytes(48));
      await postJson(server, batchesPath(collection), { batch, device: request.device, counter: 1 }, { token });
      await getJson(server, `${changesPath(collection)}?since=0&limit=5`, { token });
      const text = logs.text();
      expect(text).toContain('request completed');
      for (const secret of [token, request.nonce, request.signature, toBase64url(account.genesis), batch, 'since=0']) {
        expect(text).not.toContain(secret);
      }
    } finally {
      await server.close();
    }
  });
});

describe.skipIf(TEST_DATABASE_URL === '')('two server processes on one PostgreSQL (skipped unless TEST_DATABASE_URL is set)', () => {
  const url = TEST_DATABASE_URL === '' ? () => '' : usePostgresSchema(TEST_DATABASE_URL);

  it('give concurrent appends to one collection distinct contiguous seqs', async () => {
    const start = () => startServer({ dataDir: tempDir(), port: 0, logLevel: 'silent', database: { kind: 'postgres', url: url() } });
    const servers: RunningServer[] = [await start(), await start()];
    try {
      const [a, b] = servers as [RunningServer, RunningServer];
      const identity = new TestIdentity();
      const account = asAccount(identity);
      expect((await createAccountOn(a, account)).status).toBe(201);
      const tokens = [await signIn(a, account), await signIn(b, account)];
      const collection = await createCollectionOn(b, { identity, account, token: tokens[1] as string });
      const seqs = await Promise.all(
        Array.from({ length: 30 }, async (_, index) => {
          const server = index % 2 === 0 ? a : b;
          const body = { batch: toBase64url(randomBytes(32)), device: toBase64url(account.deviceId), counter: index + 1 };
          const res = await postJson(server, batchesPath(collection), body, { token: tokens[index % 2] as string });
          expect(res.status).toBe(200);
          return appendBatchResponseSchema.parse(res.json()).seq;
        }),
      );
      expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
      const page = changesResponseSchema.parse((await getJson(b, `${changesPath(collection)}?limit=500`, { token: tokens[1] as string })).json());
      expect(page.changes.map((change) => change.seq)).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
  });
});
