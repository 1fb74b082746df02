/**
 * Tests of the HTTP application through Fastify's inject (no socket): generic error bodies, the
 * body limit, security headers on every response, and logs that never carry bodies or auth headers.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../shared/protocol/api/error-body';
import { healthResponseSchema } from '../../shared/protocol/api/health';
import { migrateToLatest } from '../db/migrate';
import { openDatabase, type VaultDatabase } from '../db/open-database';
import { captureLogs } from '../testing/log-capture';
import { useTempDirs } from '../testing/temp-dir';
import { createSelfSignedCertificate } from '../tls/self-signed';
import { buildApp, type VaultApp } from './app';
import { createLogger } from './logging';

const tempDir = useTempDirs('vault-app-');
const logs = captureLogs();
const SECRET_TOKEN = 'Bearer sess-7f3a-secret-token';
const SECRET_BODY = 'ciphertext-that-must-not-be-logged';
let database: VaultDatabase;
let app: VaultApp;

beforeAll(async () => {
  database = openDatabase({ kind: 'sqlite', file: path.join(tempDir(), 'vault.sqlite') }, () => {});
  await migrateToLatest(database.db);
  const tls = await createSelfSignedCertificate(new Date());
  app = buildApp({ tls, database, logger: createLogger('debug', logs.destination), bodyLimit: 1024, origin: () => 'https://127.0.0.1' });
  app.post('/test/echo', async (request) => ({ received: typeof request.body }));
  app.get('/test/boom', async () => {
    throw new Error('database row 42 holds hunter2');
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await database.close();
});

function expectErrorBody(payload: string, code: string) {
  const body = errorBodySchema.parse(JSON.parse(payload));
  expect(body.error.code).toBe(code);
  return body;
}

describe('HTTP application', () => {
  it('answers GET /v1/health with the shared contract and no-store, nosniff headers', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(healthResponseSchema.parse(res.json())).toEqual({ status: 'ok', version: 1, database: 'sqlite' });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers an unknown route with 404 NOT_FOUND in the generic body, with security headers', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/nope?token=abc' });
    expect(res.statusCode).toBe(404);
    expectErrorBody(res.body, 'NOT_FOUND');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses malformed JSON with 400 BAD_INPUT without quoting the body', async () => {
    const payload = `{"secret": "${SECRET_BODY}"`;
    const res = await app.inject({ method: 'POST', url: '/test/echo', headers: { 'content-type': 'application/json' }, payload });
    expect(res.statusCode).toBe(400);
    expect(expectErrorBody(res.body, 'BAD_INPUT').error.message).toBe('malformed request');
    expect(res.body).not.toContain(SECRET_BODY);
  });

  it('refuses prototype poisoning with 400 BAD_INPUT', async () => {
    const payload = '{"__proto__": {"admin": true}}';
    const res = await app.inject({ method: 'POST', url: '/test/echo', headers: { 'content-type': 'application/json' }, payload });
    expect(res.statusCode).toBe(400);
    expectErrorBody(res.body, 'BAD_INPUT');
  });

  it('refuses a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const payload = JSON.stringify({ blob: 'x'.repeat(2048) });
    const res = await app.inject({ method: 'POST', url: '/test/echo', headers: { 'content-type': 'application/json' }, payload });
    expect(res.statusCode).toBe(413);
    expectErrorBody(res.body, 'PAYLOAD_TOO_LARGE');
  });

  it('accepts JSON only: text/plain gets 415 BAD_INPUT', async () => {
    const res = await app.inject({ method: 'POST', url: '/test/echo', headers: { 'content-type': 'text/plain' }, payload: 'hi' });
    expect(res.statusCode).toBe(415);
    expectErrorBody(res.body, 'BAD_INPUT');
  });

  it('answers an internal failure with 500 INTERNAL and a generic message', async () => {
    const res = await app.inject({ method: 'GET', url: '/test/boom' });
    expect(res.statusCode).toBe(500);
    expect(expectErrorBody(res.body, 'INTERNAL').error.message).toBe('internal error');
    expect(res.body).not.toContain('hunter2');
  });

  it('never logs request bodies, auth headers, cookies or query strings', async () => {
    await app.inject({
      method: 'POST',
      url: '/test/echo?session=query-secret',
      headers: { 'content-type': 'application/json', authorization: SECRET_TOKEN, cookie: 'sid=cookie-secret' },
      payload: JSON.stringify({ batch: SECRET_BODY }),
    });
    const text = logs.text();
    expect(text).toContain('/test/echo');
    for (const secret of [SECRET_TOKEN, 'sess-7f3a', SECRET_BODY, 'query-secret', 'cookie-secret']) {
      expect(text).not.toContain(secret);
    }
    const entries = logs.entries();
    const incoming = entries.findLast((e) => e.msg === 'incoming request' && JSON.stringify(e).includes('/test/echo'));
    expect(incoming?.req).toEqual({ id: incoming?.reqId, method: 'POST', path: '/test/echo' });
    const completed = entries.find((e) => e.msg === 'request completed' && e.reqId === incoming?.reqId);
    expect(completed?.res).toEqual({ statusCode: 200 });
  });

  it('redacts secrets even when code logs a request-like object by hand', () => {
    app.log.info({ headers: { authorization: SECRET_TOKEN }, body: SECRET_BODY, nested: { password: 'pw-secret' } }, 'manual');
    const text = logs.text();
    expect(text).not.toContain('sess-7f3a');
    expect(text).not.toContain(SECRET_BODY);
    expect(text).not.toContain('pw-secret');
  });
});
