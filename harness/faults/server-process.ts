/**
 * A real sync server as its own process (`node --import tsx server/main.ts`, as `npm start` runs
 * it) that a fault test can SIGKILL and start again on the same port and data directory (same
 * SQLite file, same self-signed certificate), the way a crashed server comes back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const START_TIMEOUT_MS = 60_000;

export interface KillableServer {
  readonly url: string;
  readonly certPem: string;
  readonly dataDir: string;
  /** SIGKILL: no shutdown, no flush, whatever was in flight is cut. */
  kill(): Promise<void>;
  /** Start again on the same port and data directory. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function launch(port: number, dataDir: string, run: number): Promise<ChildProcess> {
  const logFile = path.join(dataDir, `server-${run}.log`);
  const log = openSync(logFile, 'w');
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', log, log] });
  closeSync(log);
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (/listening on https:\/\//.test(readFileSync(logFile, 'utf8'))) return child;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start: ${readFileSync(logFile, 'utf8').slice(-600)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startKillableServer(): Promise<KillableServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'vault-fault-'));
  const port = await freePort();
  let run = 0;
  let child = await launch(port, dataDir, run);
  const kill = async () => {
    child.kill('SIGKILL');
    await exited(child);
  };
  return {
    url: `https://127.0.0.1:${port}`,
    certPem: readFileSync(path.join(dataDir, 'tls-cert.pem'), 'utf8'),
    dataDir,
    kill,
    async restart() {
      run += 1;
      child = await launch(port, dataDir, run);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited(child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
