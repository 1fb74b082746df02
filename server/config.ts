/**
 * Server configuration read from the environment and validated with zod.
 *
 * Variables: PORT (default 8443), HOST (default 127.0.0.1), DATA_DIR (default `.data` under the
 * working directory), DATABASE_URL (a `postgres://` or `postgresql://` URL selects PostgreSQL;
 * unset selects the SQLite file `DATA_DIR/vault.sqlite`), TLS_CERT_FILE and TLS_KEY_FILE (both or
 * neither; neither means a self-signed certificate kept in DATA_DIR), LOG_LEVEL (default info),
 * METRICS_TOKEN (the bearer token `GET /metrics` requires, at least 32 characters; unset: the
 * metrics are served to loopback peers only).
 * Refuses anything else with `VaultError('BAD_CONFIG')` naming the variable, so an operator sees
 * what to fix before the server touches the disk or the network.
 */

import path from 'node:path';
import { z } from 'zod';
import { VaultError } from '../shared/protocol/errors';

export const DEFAULT_PORT = 8443;
export const DEFAULT_HOST = '127.0.0.1';
export const SQLITE_FILE_NAME = 'vault.sqlite';
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string };

export type TlsConfig =
  | { readonly kind: 'self-signed' }
  | { readonly kind: 'files'; readonly certFile: string; readonly keyFile: string };

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  readonly tls: TlsConfig;
  readonly logLevel: LogLevel;
  readonly metricsToken?: string;
}

/** Unset and empty variables are the same thing: the default applies. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const PORT_MESSAGE = 'must be an integer between 0 and 65535';

const EnvSchema = z.object({
  PORT: optional(
    z.string().refine((v) => /^\d{1,5}$/.test(v) && Number(v) <= 65535, PORT_MESSAGE),
  ),
  HOST: optional(z.string().regex(/^[A-Za-z0-9.:_-]+$/, 'must be a host name or an IP address')),
  DATA_DIR: optional(z.string()),
  DATABASE_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL'),
  ),
  TLS_CERT_FILE: optional(z.string()),
  TLS_KEY_FILE: optional(z.string()),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })),
  METRICS_TOKEN: optional(
    z.string().regex(/^[A-Za-z0-9._~+/=-]{32,512}$/, 'must be 32 to 512 characters of A-Z a-z 0-9 . _ ~ + / = -'),
  ),
});

/** Reads and validates the configuration; `cwd` anchors the default and relative paths. */
export function readServerConfig(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): ServerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    throw new VaultError('BAD_CONFIG', problems.join('; '));
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.DATA_DIR ?? '.data');
  return {
    port: e.PORT === undefined ? DEFAULT_PORT : Number(e.PORT),
    host: e.HOST ?? DEFAULT_HOST,
    dataDir,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'sqlite', file: path.join(dataDir, SQLITE_FILE_NAME) },
    tls: tlsConfigOf(e.TLS_CERT_FILE, e.TLS_KEY_FILE, cwd),
    logLevel: e.LOG_LEVEL ?? 'info',
    ...(e.METRICS_TOKEN === undefined ? {} : { metricsToken: e.METRICS_TOKEN }),
  };
}

function tlsConfigOf(certFile: string | undefined, keyFile: string | undefined, cwd: string): TlsConfig {
  if (certFile === undefined && keyFile === undefined) return { kind: 'self-signed' };
  if (certFile === undefined || keyFile === undefined) {
    throw new VaultError(
      'BAD_CONFIG',
      'TLS_CERT_FILE and TLS_KEY_FILE must be given together',
    );
  }
  return { kind: 'files', certFile: path.resolve(cwd, certFile), keyFile: path.resolve(cwd, keyFile) };
}

/** A one-line description of the database for banners and logs, without any password. */
export function describeDatabase(database: DatabaseConfig): string {
  if (database.kind === 'sqlite') return `sqlite (${database.file})`;
  try {
    const url = new URL(database.url);
    if (url.password) url.password = '***';
    return `postgres (${url.toString()})`;
  } catch {
    return 'postgres (unparsable URL)';
  }
}
