/**
 * Starts one sync server: data directory, TLS identity, database (opened and migrated), hint bus
 * (LISTEN/NOTIFY on PostgreSQL, in-process on SQLite), HTTP app, listening socket — and stops it
 * again. The composition used by `main.ts`, by the server tests and
 * by e2e, which start real servers on port 0 with a temporary data directory.
 * Only `dataDir` is required; the rest defaults as in `config.ts` (SQLite in the data directory,
 * self-signed certificate, 127.0.0.1, port 8443, log level info).
 */
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { DestinationStream } from 'pino';
import {
  DEFAULT_HOST,
  DEFAULT_PORT,
  SQLITE_FILE_NAME,
  type DatabaseConfig,
  type LogLevel,
  type TlsConfig,
} from './config';
import { migrateToLatest } from './db/migrate';
import { openDatabase, type DatabaseKind, type VaultDatabase } from './db/open-database';
import type { HintBus } from './hints/hint-bus';
import { localHintBus } from './hints/local-hint-bus';
import { postgresHintBus } from './hints/postgres-hint-bus';
import { buildApp } from './http/app';
import { createLogger } from './http/logging';
import type { RateLimits } from './http/rate-limits';
import { loadTlsIdentity, type TlsIdentity } from './tls/self-signed';
import { spkiPin } from './tls/spki-pin';

export interface StartServerOptions {
  readonly dataDir: string;
  readonly port?: number;
  readonly host?: string;
  readonly database?: DatabaseConfig;
  readonly tls?: TlsConfig;
  readonly logLevel?: LogLevel;
  /** Where JSON log lines go (default stdout); tests pass a collecting stream. */
  readonly logDestination?: DestinationStream;
  readonly bodyLimit?: number;
  /**
   * The origin clients use (`https://vault.example:443`), signed into auth challenges; default: the
   * listening URL. Set it when the server is reached through another name or port.
   */
  readonly publicOrigin?: string;
  /** Per-address and per-device request limits; tests lower them. */
  readonly rateLimits?: RateLimits;
  /** How often an idle hint socket's session is re-checked (default 30 s); tests lower it. */
  readonly sessionRecheckMs?: number;
  /** The bearer token `GET /metrics` requires (METRICS_TOKEN); unset: loopback peers only. */
  readonly metricsToken?: string;
}

export interface RunningServer {
  /** `https://HOST:PORT` without a trailing slash; 127.0.0.1 when listening on every address. */
  readonly url: string;
  readonly port: number;
  /** base64 SHA-256 of the certificate's SubjectPublicKeyInfo (Chromium's SPKI list format). */
  readonly spkiPin: string;
  /** The served certificate, for clients that trust it directly (node:https `ca`). */
  readonly certPem: string;
  readonly tlsOrigin: TlsIdentity['origin'];
  readonly dataDir: string;
  readonly database: DatabaseKind;
  /** Stops accepting, finishes in-flight requests, closes the database. Idempotent. */
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const logger = createLogger(options.logLevel ?? 'info', options.logDestination);
  const tls = await loadTlsIdentity(options.tls ?? { kind: 'self-signed' }, dataDir);
  const databaseConfig = options.database ?? { kind: 'sqlite', file: path.join(dataDir, SQLITE_FILE_NAME) };
  const database = openDatabase(databaseConfig, (error) => logger.error({ err: error }, 'database pool error'));
  let hints: HintBus | undefined;
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
    hints = databaseConfig.kind === 'postgres' ? await postgresHintBus(databaseConfig.url, logger) : localHintBus();
    let origin = options.publicOrigin ?? '';
    const app = buildApp({ tls, database, logger, origin: () => origin, hints,
      ...pick(options.bodyLimit),
      ...(options.rateLimits === undefined ? {} : { rateLimits: options.rateLimits }),
      ...(options.sessionRecheckMs === undefined ? {} : { sessionRecheckMs: options.sessionRecheckMs }),
      ...(options.metricsToken === undefined ? {} : { metricsToken: options.metricsToken }),
    });
    await app.listen({ port: options.port ?? DEFAULT_PORT, host: options.host ?? DEFAULT_HOST });
    const port = listeningPort(app.server.address());
    const url = urlOf(options.host ?? DEFAULT_HOST, port);
    if (origin === '') origin = url;
    const pin = spkiPin(tls.certPem);
    logger.info({ url, spkiPin: pin, dataDir, database: database.kind, tls: tls.origin }, 'listening');
    return {
      url,
      port,
      spkiPin: pin,
      certPem: tls.certPem,
      tlsOrigin: tls.origin,
      dataDir,
      database: database.kind,
      close: once(() => stop(app, database, hints)),
    };
  } catch (error) {
    await hints?.close();
    await database.close();
    throw error;
  }
}

function pick(bodyLimit: number | undefined): { bodyLimit?: number } {
  return bodyLimit === undefined ? {} : { bodyLimit };
}

async function stop(app: { close(): Promise<unknown> }, database: VaultDatabase, hints: HintBus | undefined): Promise<void> {
  try {
    await app.close();
  } finally {
    await hints?.close();
    await database.close();
  }
}

function listeningPort(address: AddressInfo | string | null): number {
  if (address === null || typeof address === 'string') throw new Error('server is not listening on TCP');
  return address.port;
}

/** The URL clients use; a wildcard bind is reached through the loopback name in the certificate. */
export function urlOf(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `https://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= action());
}
