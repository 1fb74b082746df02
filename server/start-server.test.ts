/**
 * Tests of a real server: started on port 0 with a temporary data directory, reached over HTTPS by
 * a client that trusts exactly the server's certificate, answers checked with the shared contracts.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { connect } from 'node:tls';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { errorBodySchema } from '../shared/protocol/api/error-body';
import { HEALTH_PATH, healthResponseSchema } from '../shared/protocol/api/health';
import { startServer, type RunningServer, type StartServerOptions } from './start-server';
import { httpsRequest } from './testing/https-request';
import { useTempDirs } from './testing/temp-dir';
import { createSelfSignedCertificate } from './tls/self-signed';
import { spkiPin } from './tls/spki-pin';

const tempDir = useTempDirs('vault-start-');

async function withServer<T>(options: StartServerOptions, use: (server: RunningServer) => Promise<T>): Promise<T> {
  const server = await startServer({ port: 0, logLevel: 'silent', ...options });
  try {
    return await use(server);
  } finally {
    await server.close();
  }
}

/** The DER certificate the server presents in its TLS handshake. */
function servedCertificate(server: RunningServer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: server.port, ca: server.certPem }, () => {
      resolve(socket.getPeerCertificate().raw);
      socket.end();
    });
    socket.on('error', reject);
  });
}

describe('startServer', () => {
  it('serves GET /v1/health over HTTPS with a certificate the client can verify', async () => {
    await withServer({ dataDir: tempDir() }, async (server) => {
      expect(server.url).toBe(`https://127.0.0.1:${server.port}`);
      expect(server.port).toBeGreaterThan(0);
      const res = await httpsRequest({ url: server.url + HEALTH_PATH, ca: server.certPem });
      expect(res.status).toBe(200);
      expect(healthResponseSchema.parse(res.json())).toEqual({ status: 'ok', version: 1, database: 'sqlite' });
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });
  });

  it('is also valid for the name localhost', async () => {
    await withServer({ dataDir: tempDir() }, async (server) => {
      const res = await httpsRequest({ url: `https://localhost:${server.port}${HEALTH_PATH}`, ca: server.certPem, servername: 'localhost' });
      expect(res.status).toBe(200);
    });
  });

  it('answers an unknown route with 404 and the generic error body', async () => {
    await withServer({ dataDir: tempDir() }, async (server) => {
      const res = await httpsRequest({ url: `${server.url}/v1/no-such-thing`, ca: server.certPem });
      expect(res.status).toBe(404);
      expect(errorBodySchema.parse(res.json())).toEqual({ error: { code: 'NOT_FOUND', message: 'no such endpoint' } });
    });
  });

  it('keeps its certificate across restarts, so the SPKI pin stays the same', async () => {
    const dataDir = tempDir();
    const first = await withServer({ dataDir }, async (server) => ({ pin: server.spkiPin, origin: server.tlsOrigin }));
    const second = await withServer({ dataDir }, async (server) => ({ pin: server.spkiPin, origin: server.tlsOrigin }));
    expect(first.origin).toBe('generated');
    expect(second).toEqual({ pin: first.pin, origin: 'reused' });
  });

  it('reports the SPKI pin of the certificate it serves, as openssl computes it', async () => {
    await withServer({ dataDir: tempDir() }, async (server) => {
      const served = new X509Certificate(await servedCertificate(server)).toString();
      expect(readFileSync(path.join(server.dataDir, 'tls-cert.pem'), 'utf8').trim()).toBe(served.trim());
      const opensslPin = execFileSync('sh', ['-c', 'openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64'], { input: served });
      expect(server.spkiPin).toBe(opensslPin.toString('utf8').trim());
    });
  });

  it('uses a configured certificate and key instead of making one', async () => {
    const dataDir = tempDir();
    const given = await createSelfSignedCertificate(new Date());
    const certFile = path.join(dataDir, 'given-cert.pem');
    const keyFile = path.join(dataDir, 'given-key.pem');
    writeFileSync(certFile, given.certPem);
    writeFileSync(keyFile, given.keyPem, { mode: 0o600 });
    await withServer({ dataDir, tls: { kind: 'files', certFile, keyFile } }, async (server) => {
      expect(server.tlsOrigin).toBe('configured');
      expect(server.certPem).toBe(given.certPem);
      const res = await httpsRequest({ url: server.url + HEALTH_PATH, ca: given.certPem });
      expect(res.status).toBe(200);
      expect(spkiPin(await servedCertificate(server))).toBe(spkiPin(given.certPem));
    });
  });

  it('keeps the SQLite file in WAL mode', async () => {
    const dataDir = tempDir();
    await withServer({ dataDir }, async () => {});
    const sqlite = new BetterSqlite3(path.join(dataDir, 'vault.sqlite'), { readonly: true });
    try {
      expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      sqlite.close();
    }
  });

  it('migrates idempotently: a second start applies nothing and keeps the instance id', async () => {
    const dataDir = tempDir();
    await withServer({ dataDir }, async () => {});
    const read = () => {
      const sqlite = new BetterSqlite3(path.join(dataDir, 'vault.sqlite'), { readonly: true });
      try {
        const meta = sqlite.prepare('select key, value from server_meta order by key').all();
        const migrations = sqlite.prepare('select name from kysely_migration order by name').all();
        return { meta, migrations };
      } finally {
        sqlite.close();
      }
    };
    const before = read();
    await withServer({ dataDir }, async () => {});
    expect(read()).toEqual(before);
    expect(before.migrations).toEqual([{ name: '0001-initial' }, { name: '0002-sync' }, { name: '0003-rate-limits' }, { name: '0004-collection-chains' }, { name: '0005-pairing' }, { name: '0006-operator-controls' }, { name: '0007-checkpoints' }]);
    expect(before.meta).toEqual([{ key: 'instance_id', value: expect.stringMatching(/^[0-9a-f]{32}$/) }]);
  });

  it('stops listening on close, and close may be called twice', async () => {
    const server = await startServer({ dataDir: tempDir(), port: 0, logLevel: 'silent' });
    await Promise.all([server.close(), server.close()]);
    await expect(httpsRequest({ url: server.url + HEALTH_PATH, ca: server.certPem })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('refuses to start on a port already in use, and releases its database', async () => {
    const dataDir = tempDir();
    await withServer({ dataDir }, async (server) => {
      await expect(startServer({ dataDir, port: server.port, logLevel: 'silent' })).rejects.toThrow(/EADDRINUSE/);
    });
  });
});
