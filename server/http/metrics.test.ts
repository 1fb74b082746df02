/**
 * `GET /metrics` on a real server, SQLite and PostgreSQL: request rates by route pattern and status,
 * errors by machine code, auth failures, the batch push histogram and the database size appear in
 * Prometheus text; no account, device or collection id ever does. Access: loopback peers without a
 * proxy header when no METRICS_TOKEN is set, else the bearer token only.
 */
import { describe, expect, it } from 'vitest';
import { toBase64url } from '../../shared/crypto/base64url';
import { randomBytes } from '../../shared/crypto/random';
import { AUTH_SESSION_PATH } from '../../shared/protocol/api/auth';
import { batchesPath } from '../../shared/protocol/api/collections';
import { identityChainPath } from '../../shared/protocol/api/identity-chain';
import { startServer, type RunningServer } from '../start-server';
import { createCollectionOn, enroll } from '../testing/collection-client';
import { httpsRequest } from '../testing/https-request';
import { describeOnDatabases } from '../testing/on-databases';
import { getJson, postJson, signedSessionRequest } from '../testing/sync-client';
import { useTempDirs } from '../testing/temp-dir';
import { isLoopback, metricsAccess } from './metrics-access';
import { METRICS_PATH } from './routes/metrics';

function scrape(server: RunningServer, headers: Record<string, string> = {}) {
  return httpsRequest({ url: server.url + METRICS_PATH, ca: server.certPem, headers });
}

/** The value of one sample, e.g. `sample(text, 'vault_auth_failures_total', { kind: 'sign-in' })`; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return 0;
}

describeOnDatabases('metrics', ({ server }) => {
  it('counts requests, errors, auth failures and batch pushes, and reports the database size', async () => {
    const before = (await scrape(server())).text;
    const alice = await enroll(server());
    const collection = await createCollectionOn(server(), alice);
    for (const counter of [1, 2, 3]) {
      const body = { batch: toBase64url(randomBytes(64)), device: toBase64url(alice.account.deviceId), counter };
      expect((await postJson(server(), batchesPath(collection), body, { token: alice.token })).status).toBe(200);
    }
    const viewerless = await postJson(server(), batchesPath(toBase64url(randomBytes(16))), { batch: 'AAAA', device: toBase64url(alice.account.deviceId), counter: 1 }, { token: alice.token });
    expect(viewerless.status).toBe(404);
    const badSignature = { ...(await signedSessionRequest(server(), alice.account)), signature: toBase64url(randomBytes(64)) };
    expect((await postJson(server(), AUTH_SESSION_PATH, badSignature)).status).toBe(401);
    expect((await getJson(server(), identityChainPath(toBase64url(alice.identity.id)), { token: toBase64url(randomBytes(32)) })).status).toBe(401);
    expect((await getJson(server(), '/no/such/path')).status).toBe(404);

    const res = await scrape(server());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const after = res.text;
    const delta = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    const pushed = { method: 'POST', route: '/v1/collections/:id/batches', status: '200' };
    expect(delta('vault_http_requests_total', pushed)).toBe(3);
    expect(delta('vault_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(delta('vault_batch_push_duration_seconds_count', { outcome: 'appended' })).toBe(3);
    expect(delta('vault_batch_push_duration_seconds_count', { outcome: 'refused' })).toBe(1);
    expect(delta('vault_http_errors_total', { code: 'NOT_FOUND' })).toBe(2);
    expect(delta('vault_http_errors_total', { code: 'UNAUTHORIZED' })).toBe(2);
    expect(delta('vault_auth_failures_total', { kind: 'sign-in' })).toBe(1);
    expect(delta('vault_auth_failures_total', { kind: 'session' })).toBe(1);
    expect(sample(after, 'vault_database_size_bytes', { dialect: server().database })).toBeGreaterThan(0);
    expect(sample(after, 'vault_accounts')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'vault_collections')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'vault_devices', { state: 'trusted' })).toBeGreaterThanOrEqual(1);
    expect(after).toContain('process_cpu_user_seconds_total');

    for (const id of [alice.identity.id, alice.account.deviceId]) {
      expect(after).not.toContain(toBase64url(id));
      expect(after).not.toContain(Buffer.from(id).toString('hex'));
    }
    expect(after).not.toContain(collection);
  });

  it('hides the endpoint from a request that came through a proxy, even on loopback', async () => {
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      const res = await scrape(server(), { [header]: '203.0.113.9' });
      expect([res.status, res.json()]).toEqual([404, { error: { code: 'NOT_FOUND', message: 'no such endpoint' } }]);
    }
  });
});

describe('metrics behind METRICS_TOKEN', () => {
  const tempDir = useTempDirs('vault-metrics-');
  it('serves the metrics only for the bearer token, and counts wrong tokens', async () => {
    const token = toBase64url(randomBytes(32));
    const server = await startServer({ dataDir: tempDir(), port: 0, logLevel: 'silent', metricsToken: token });
    try {
      expect((await scrape(server)).status).toBe(401);
      expect((await scrape(server, { authorization: `Bearer ${token}x` })).status).toBe(401);
      const res = await scrape(server, { authorization: `Bearer ${token}` });
      expect(res.status).toBe(200);
      expect(sample(res.text, 'vault_auth_failures_total', { kind: 'metrics' })).toBe(2);
      expect(res.text).not.toContain(token);
    } finally {
      await server.close();
    }
  });
});

describe('metricsAccess', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['::ffff:192.168.1.2', false],
    ['2001:db8::1', false],
    [undefined, false],
  ])('treats %s as loopback: %s', (peer, loopback) => {
    expect(isLoopback(peer)).toBe(loopback);
    expect(metricsAccess({ peer, headers: {} }, undefined)).toBe(loopback ? 'allowed' : 'hidden');
  });

  it('asks a token of every peer once one is configured, loopback included', () => {
    const token = 'a'.repeat(40);
    expect(metricsAccess({ peer: '127.0.0.1', headers: {} }, token)).toBe('unauthorized');
    expect(metricsAccess({ peer: '198.51.100.4', headers: { authorization: `Bearer ${token}` } }, token)).toBe('allowed');
    expect(metricsAccess({ peer: '127.0.0.1', headers: { authorization: `bearer ${token}` } }, token)).toBe('unauthorized');
  });
});
