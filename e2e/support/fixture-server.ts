/**
 * The autofill fixture server: the small pages of e2e/fixtures/ over HTTP and HTTPS on ports
 * chosen by the system, for any *.test host name. Chromium reaches them through
 * `--host-resolver-rules` (every *.test name is 127.0.0.1) and trusts the self-signed certificate
 * by its SPKI pin (`--ignore-certificate-errors-spki-list`), so shop.test, evil.test, other.test
 * and a punycode lookalike are separate origins of one local server.
 *
 * Pages may write {{HTTPS}} and {{HTTP}} for the two ports. POST to any path answers a "Signed in"
 * page, so submitting a fixture form navigates like a real sign-in.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { generate } from 'selfsigned';
import { spkiPin } from '../../server/tls/spki-pin';

const FIXTURES = path.resolve('e2e/fixtures');

export interface FixtureServer {
  httpPort: number;
  httpsPort: number;
  /** The Chromium flags that map *.test here and trust the certificate. */
  chromiumArgs: string[];
  /** `https://shop.test:<port>/login.html` for ('shop.test', 'login.html'). */
  url(host: string, page: string, scheme?: 'https' | 'http'): string;
  close(): Promise<void>;
}

async function certificate(): Promise<{ cert: string; key: string }> {
  const made = await generate([{ name: 'commonName', value: 'autofill fixtures (*.test)' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: '*.test' }, { type: 2, value: 'localhost' }] },
    ],
  });
  return { cert: made.cert, key: made.private };
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const ports = { http: 0, https: 0 };
  const handler: http.RequestListener = (req, res) => {
    void (async () => {
      if (req.method === 'POST') {
        req.resume();
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><title>Signed in</title><h1>Signed in</h1>');
        return;
      }
      const name = path.basename(new URL(req.url ?? '/', 'http://x').pathname) || 'index.html';
      try {
        const body = (await readFile(path.join(FIXTURES, name), 'utf8')).replaceAll('{{HTTPS}}', String(ports.https)).replaceAll('{{HTTP}}', String(ports.http));
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(body);
      } catch {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
      }
    })();
  };
  const { cert, key } = await certificate();
  const plain = http.createServer(handler);
  const secure = https.createServer({ cert, key }, handler);
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
  ports.http = (plain.address() as AddressInfo).port;
  ports.https = (secure.address() as AddressInfo).port;
  return {
    httpPort: ports.http,
    httpsPort: ports.https,
    chromiumArgs: ['--host-resolver-rules=MAP *.test 127.0.0.1', `--ignore-certificate-errors-spki-list=${spkiPin(cert)}`],
    url: (host, page, scheme = 'https') => `${scheme}://${host}:${scheme === 'https' ? ports.https : ports.http}/${page}`,
    async close() {
      plain.closeAllConnections();
      secure.closeAllConnections();
      await Promise.all([new Promise((r) => plain.close(r)), new Promise((r) => secure.close(r))]);
    },
  };
}
