/** Tests of the server configuration: defaults, the PostgreSQL switch, and clear refusals. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VaultError } from '../shared/protocol/errors';
import { describeDatabase, readServerConfig } from './config';

const cwd = '/srv/vault';

function refusal(env: Record<string, string>): VaultError {
  try {
    readServerConfig(env, cwd);
  } catch (error) {
    if (error instanceof VaultError) return error;
    throw error;
  }
  throw new Error('configuration was accepted');
}

describe('readServerConfig', () => {
  it('defaults to 127.0.0.1:8443, SQLite in .data under the working directory, self-signed TLS', () => {
    expect(readServerConfig({}, cwd)).toEqual({
      port: 8443,
      host: '127.0.0.1',
      dataDir: '/srv/vault/.data',
      database: { kind: 'sqlite', file: '/srv/vault/.data/vault.sqlite' },
      tls: { kind: 'self-signed' },
      logLevel: 'info',
    });
  });

  it('treats empty variables as unset', () => {
    const config = readServerConfig({ PORT: '', DATABASE_URL: '', TLS_CERT_FILE: '' }, cwd);
    expect(config.port).toBe(8443);
    expect(config.database.kind).toBe('sqlite');
  });

  it('resolves a relative DATA_DIR and TLS files against the working directory', () => {
    const config = readServerConfig(
      { DATA_DIR: 'state', TLS_CERT_FILE: 'c.pem', TLS_KEY_FILE: '/etc/k.pem', PORT: '0' },
      cwd,
    );
    expect(config.dataDir).toBe(path.join(cwd, 'state'));
    expect(config.database).toEqual({ kind: 'sqlite', file: path.join(cwd, 'state', 'vault.sqlite') });
    expect(config.tls).toEqual({ kind: 'files', certFile: '/srv/vault/c.pem', keyFile: '/etc/k.pem' });
    expect(config.port).toBe(0);
  });

  it('switches to PostgreSQL for postgres:// and postgresql:// URLs', () => {
    for (const url of ['postgres://u:p@db:5432/vault', 'postgresql://db/vault']) {
      expect(readServerConfig({ DATABASE_URL: url }, cwd).database).toEqual({ kind: 'postgres', url });
    }
  });

  it.each(['abc', '-1', '65536', '80.5', '1e3', ' 80'])('refuses PORT=%j with a message naming PORT', (port) => {
    const error = refusal({ PORT: port });
    expect(error.code).toBe('BAD_CONFIG');
    expect(error.message).toBe('PORT must be an integer between 0 and 65535');
  });

  it('refuses a DATABASE_URL of another scheme without echoing it', () => {
    const error = refusal({ DATABASE_URL: 'mysql://root:hunter2@db/vault' });
    expect(error.message).toBe('DATABASE_URL must be a postgres:// or postgresql:// URL');
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses a certificate without its key, and a key without its certificate', () => {
    expect(refusal({ TLS_CERT_FILE: 'c.pem' }).message).toMatch(/TLS_CERT_FILE and TLS_KEY_FILE/);
    expect(refusal({ TLS_KEY_FILE: 'k.pem' }).code).toBe('BAD_CONFIG');
  });

  it('takes a METRICS_TOKEN of 32 characters or more, and refuses a short one without echoing it', () => {
    const token = 'k'.repeat(31) + 'Z';
    expect(readServerConfig({ METRICS_TOKEN: token }, cwd).metricsToken).toBe(token);
    const error = refusal({ METRICS_TOKEN: 'short-secret' });
    expect(error.message).toMatch(/^METRICS_TOKEN must be 32 to 512 characters/);
    expect(error.message).not.toContain('short-secret');
  });

  it('refuses an unknown LOG_LEVEL and a HOST with spaces, naming each variable', () => {
    const error = refusal({ LOG_LEVEL: 'loud', HOST: 'local host' });
    expect(error.message).toMatch(/HOST must be a host name/);
    expect(error.message).toMatch(/LOG_LEVEL must be one of/);
  });
});

describe('describeDatabase', () => {
  it('never shows a PostgreSQL password', () => {
    const text = describeDatabase({ kind: 'postgres', url: 'postgres://vault:s3cret@db:5432/vault' });
    expect(text).toBe('postgres (postgres://vault:***@db:5432/vault)');
  });
});
