/**
 * The SPKI pin against an independent computation with the openssl CLI (the pipeline Chromium's
 * documentation gives for --ignore-certificate-errors-spki-list), for ECDSA and RSA certificates.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../testing/temp-dir';
import { createSelfSignedCertificate } from './self-signed';
import { spkiPin } from './spki-pin';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
const tempDir = useTempDirs('vault-spki-');

function opensslPin(certPem: string): string {
  const publicKeyPem = execFileSync('openssl', ['x509', '-pubkey', '-noout'], { input: certPem });
  const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: publicKeyPem });
  const digest = execFileSync('openssl', ['dgst', '-sha256', '-binary'], { input: der });
  return digest.toString('base64');
}

describe.skipIf(!hasOpenssl)('spkiPin (needs the openssl CLI)', () => {
  it('equals openssl x509 -pubkey | pkey -pubin -outform der | dgst -sha256 -binary | base64 (ECDSA)', async () => {
    const { certPem } = await createSelfSignedCertificate(new Date());
    const pin = spkiPin(certPem);
    expect(pin).toBe(opensslPin(certPem));
    expect(pin).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('equals the openssl computation for an RSA 2048 certificate made by openssl itself', () => {
    const dir = tempDir();
    const certFile = path.join(dir, 'rsa.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1',
      '-keyout', path.join(dir, 'rsa-key.pem'), '-out', certFile,
    ], { stdio: 'ignore' });
    const certPem = readFileSync(certFile, 'utf8');
    expect(spkiPin(certPem)).toBe(opensslPin(certPem));
  });
});

describe('spkiPin', () => {
  it('refuses what is not a certificate', () => {
    expect(() => spkiPin('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT' }),
    );
  });
});
