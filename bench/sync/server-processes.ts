/**
 * Real sync servers for the benchmarks, each its own process as in production:
 * `node --import tsx server/main.ts` with PORT=0, its own DATA_DIR (self-signed certificate made
 * there), DATABASE_URL for PostgreSQL or none for SQLite, default log level and rate limits, its
 * log lines written to a file. The URL is read from the start-up banner and the certificate from
 * DATA_DIR, so clients verify TLS as a real client that knows the certificate would.
 *
 * BENCH_CPU_PROF=DIR writes each server's V8 CPU profile into DIR when it stops (`--cpu-prof`), to
 * see where a request's time goes.
 *
 * PostgreSQL comes from scripts/postgres.mjs (as `npm test` uses it: a throwaway cluster, installed
 * through apt when missing); each server group gets a fresh database in it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const START_TIMEOUT_MS = 60_000;

export interface ServerProcess {
  readonly url: string;
  readonly certPem: string;
  stop(): Promise<void>;
}

function banner(logFile: string): string | null {
  const match = /listening on (https:\/\/\S+)/.exec(readFileSync(logFile, 'utf8'));
  return match?.[1] ?? null;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Start one server process; resolves once its banner shows the listening URL. */
export async function startServerProcess(database: { url?: string } = {}): Promise<ServerProcess> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'vault-bench-'));
  const logFile = path.join(dataDir, 'server.log');
  const log = openSync(logFile, 'w');
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  if (database.url !== undefined) env.DATABASE_URL = database.url;
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', log, log] });
  closeSync(log);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited(child);
    await rm(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const url = banner(logFile);
    if (url !== null) return { url, certPem: readFileSync(path.join(dataDir, 'tls-cert.pem'), 'utf8'), stop };
    if (child.exitCode !== null || Date.now() > deadline) {
      const tail = readFileSync(logFile, 'utf8').slice(-600);
      await stop();
      throw new Error(`server did not start: ${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface PostgresModule {
  startPostgres(): { url?: string; stop?: () => void; error?: string };
}

export interface BenchPostgres {
  /** A fresh, empty database in the cluster; its URL. */
  freshDatabase(): Promise<string>;
  stop(): void;
}

/** A throwaway PostgreSQL cluster, or the reason there is none. */
export async function startBenchPostgres(): Promise<BenchPostgres | { error: string }> {
  const specifier = new URL('../../scripts/postgres.mjs', import.meta.url).href;
  const { startPostgres } = (await import(specifier)) as PostgresModule;
  const started = startPostgres();
  if (started.url === undefined || started.stop === undefined) return { error: started.error ?? 'PostgreSQL did not start' };
  const base = started.url;
  let made = 0;
  return {
    async freshDatabase() {
      made += 1;
      const name = `vault_bench_${made}`;
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      try {
        await admin.query(`create database ${name}`);
      } finally {
        await admin.end();
      }
      const url = new URL(base);
      url.pathname = `/${name}`;
      return url.toString();
    },
    stop: started.stop,
  };
}
