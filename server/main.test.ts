/**
 * Tests of the composition root as an operator runs it (`tsx server/main.ts`): it prints the URL,
 * the SPKI pin and the data directory, serves, and stops cleanly on SIGTERM; a bad variable stops
 * it before anything starts, with one clear line and exit status 2.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HEALTH_PATH, healthResponseSchema } from '../shared/protocol/api/health';
import { httpsRequest } from './testing/https-request';
import { useTempDirs } from './testing/temp-dir';
import { spkiPin } from './tls/spki-pin';

const here = path.dirname(fileURLToPath(import.meta.url));
const MAIN = path.join(here, 'main.ts');
const TSX = path.join(here, '..', 'node_modules', '.bin', 'tsx');
const tempDir = useTempDirs('vault-main-');

function envWith(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', ...vars };
  delete env.DATABASE_URL;
  return env;
}

describe.skipIf(!existsSync(TSX))('server/main.ts (needs node_modules/.bin/tsx)', () => {
  it('prints URL, SPKI pin and data directory, serves, and exits 0 on SIGTERM', async () => {
    const dataDir = tempDir();
    const child = spawn(TSX, [MAIN], { env: envWith({ PORT: '0', DATA_DIR: dataDir }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const exited = once(child, 'exit');
    try {
      await expect.poll(() => stdout, { timeout: 30_000, interval: 100 }).toMatch(/data directory: .+\n/);
      const url = /listening on (https:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout)?.[1];
      const pin = /SPKI pin: +(\S+)/.exec(stdout)?.[1];
      const certPem = readFileSync(path.join(dataDir, 'tls-cert.pem'), 'utf8');
      expect(pin).toBe(spkiPin(certPem));
      expect(stdout).toContain(`--ignore-certificate-errors-spki-list=${pin}`);
      expect(stdout).toContain(`data directory: ${dataDir}`);
      const res = await httpsRequest({ url: `${url}${HEALTH_PATH}`, ca: certPem });
      expect(healthResponseSchema.parse(res.json()).status).toBe('ok');
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses a bad PORT with one clear line and exit status 2', () => {
    const run = spawnSync(TSX, [MAIN], { env: envWith({ PORT: 'eighty', DATA_DIR: tempDir() }), encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('configuration error: PORT must be an integer between 0 and 65535');
    expect(run.stdout).toBe('');
  });
});
