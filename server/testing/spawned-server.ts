/**
 * Test support: a server in its own OS process, as an operator runs it (`node --import tsx
 * server/main.ts`), on port 0 with the given environment. Resolves once the banner names its URL;
 * reads its certificate from the data directory; `stop` sends SIGTERM and waits for the exit.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningServer } from '../start-server';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(here, '..', '..');
const STARTUP_TIMEOUT_MS = 60_000;

export interface SpawnedServer {
  /** The fields tests use to reach it, shaped like an in-process server's. */
  readonly server: Pick<RunningServer, 'url' | 'certPem'>;
  stop(): Promise<void>;
}

export async function spawnServer(dataDir: string, env: Readonly<Record<string, string>>): Promise<SpawnedServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', PORT: '0', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (!/data directory: .+\n/.test(stdout)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`server did not start: ${stderr.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const url = /listening on (https:\/\/\S+)\n/.exec(stdout)?.[1] ?? '';
  return { server: { url, certPem: readFileSync(path.join(dataDir, 'tls-cert.pem'), 'utf8') }, stop };
}
