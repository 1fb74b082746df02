/** Tests of the TLS identity: first-start certificate, reuse, configured pairs, refusals. */
import { X509Certificate } from 'node:crypto';
import { chmodSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VaultError } from '../../shared/protocol/errors';
import { useTempDirs } from '../testing/temp-dir';
import { CERT_FILE_NAME, KEY_FILE_NAME, createSelfSignedCertificate, loadTlsIdentity } from './self-signed';

const tempDir = useTempDirs('vault-tls-');
const selfSigned = { kind: 'self-signed' } as const;
const DAY_MS = 86_400_000;

async function refusal(action: Promise<unknown>): Promise<VaultError> {
  const error: unknown = await action.then(
    () => new Error('accepted'),
    (e: unknown) => e,
  );
  if (!(error instanceof VaultError)) throw error;
  return error;
}

describe('self-signed certificate in the data directory', () => {
  it('is made at first start: ECDSA P-256 leaf for 127.0.0.1 and localhost, about a year, key 0600', async () => {
    const dir = tempDir();
    const tls = await loadTlsIdentity(selfSigned, dir);
    expect(tls.origin).toBe('generated');
    expect(readFileSync(path.join(dir, CERT_FILE_NAME), 'utf8')).toBe(tls.certPem);
    expect(readFileSync(path.join(dir, KEY_FILE_NAME), 'utf8')).toBe(tls.keyPem);
    expect(statSync(path.join(dir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    const cert = new X509Certificate(tls.certPem);
    expect(cert.publicKey.asymmetricKeyType).toBe('ec');
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(cert.ca).toBe(false);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkHost('example.com')).toBeUndefined();
    const days = (Date.parse(cert.validTo) - Date.now()) / DAY_MS;
    expect(days).toBeGreaterThan(360);
    expect(days).toBeLessThan(367);
    expect(tls.notAfter.getTime()).toBe(Date.parse(cert.validTo));
  });

  it('is reused on later starts, byte for byte', async () => {
    const dir = tempDir();
    const first = await loadTlsIdentity(selfSigned, dir);
    const second = await loadTlsIdentity(selfSigned, dir);
    expect(second.origin).toBe('reused');
    expect(second.certPem).toBe(first.certPem);
    expect(second.keyPem).toBe(first.keyPem);
  });

  it('brings a key file readable by others back to 0600 on reuse', async () => {
    const dir = tempDir();
    await loadTlsIdentity(selfSigned, dir);
    chmodSync(path.join(dir, KEY_FILE_NAME), 0o644);
    await loadTlsIdentity(selfSigned, dir);
    expect(statSync(path.join(dir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
  });

  it('refuses half a pair instead of silently replacing the certificate', async () => {
    const dir = tempDir();
    const made = await loadTlsIdentity(selfSigned, dir);
    rmSync(path.join(dir, KEY_FILE_NAME));
    const error = await refusal(loadTlsIdentity(selfSigned, dir));
    expect(error.code).toBe('BAD_CONFIG');
    expect(error.message).toMatch(/half a TLS pair/);
    expect(readFileSync(path.join(dir, CERT_FILE_NAME), 'utf8')).toBe(made.certPem);
  });
});

describe('configured certificate and key', () => {
  async function writePair(dir: string) {
    const pair = await createSelfSignedCertificate(new Date());
    const certFile = path.join(dir, 'given-cert.pem');
    const keyFile = path.join(dir, 'given-key.pem');
    writeFileSync(certFile, pair.certPem);
    writeFileSync(keyFile, pair.keyPem, { mode: 0o600 });
    return { ...pair, certFile, keyFile };
  }

  it('is used as given, and nothing is generated in the data directory', async () => {
    const dir = tempDir();
    const given = await writePair(dir);
    const tls = await loadTlsIdentity({ kind: 'files', certFile: given.certFile, keyFile: given.keyFile }, dir);
    expect(tls.origin).toBe('configured');
    expect(tls.certPem).toBe(given.certPem);
    expect(() => statSync(path.join(dir, CERT_FILE_NAME))).toThrow();
  });

  it('is refused when the key belongs to another certificate', async () => {
    const dir = tempDir();
    const given = await writePair(dir);
    const other = await createSelfSignedCertificate(new Date());
    writeFileSync(given.keyFile, other.keyPem);
    const error = await refusal(
      loadTlsIdentity({ kind: 'files', certFile: given.certFile, keyFile: given.keyFile }, dir),
    );
    expect(error.code).toBe('BAD_CONFIG');
    expect(error.message).toMatch(/is not the private key of/);
  });

  it('is refused with the variable named when a file is missing or not PEM', async () => {
    const dir = tempDir();
    const given = await writePair(dir);
    const missing = path.join(dir, 'nope.pem');
    const error = await refusal(loadTlsIdentity({ kind: 'files', certFile: missing, keyFile: given.keyFile }, dir));
    expect(error.message).toBe(`cannot read TLS_CERT_FILE ${missing} (ENOENT)`);
    writeFileSync(given.certFile, 'not a certificate');
    const garbage = await refusal(
      loadTlsIdentity({ kind: 'files', certFile: given.certFile, keyFile: given.keyFile }, dir),
    );
    expect(garbage.message).toMatch(/does not hold a PEM certificate/);
  });
});
