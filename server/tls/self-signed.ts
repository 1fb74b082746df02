/**
 * The server's TLS identity: the certificate and key given by TLS_CERT_FILE and TLS_KEY_FILE, or a
 * self-signed certificate made at first start and kept in DATA_DIR (`tls-cert.pem`, `tls-key.pem`
 * with mode 0600), reused on every later start so its SPKI pin stays the same.
 *
 * The self-signed certificate is ECDSA P-256 with SHA-256, valid 365 days, a leaf (cA false,
 * serverAuth) with SubjectAltNames 127.0.0.1, ::1 and localhost. TLS protects transport only
 * (DESIGN.md §2): nothing here is a security anchor for vault data. Refuses, with
 * `VaultError('BAD_CONFIG')`, unreadable files, a key that does not match its certificate, and a
 * half-written pair in DATA_DIR (it never overwrites one of the two files on its own).
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generate } from 'selfsigned';
import { VaultError } from '../../shared/protocol/errors';
import type { TlsConfig } from '../config';

export const CERT_FILE_NAME = 'tls-cert.pem';
export const KEY_FILE_NAME = 'tls-key.pem';
export const SELF_SIGNED_VALIDITY_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface TlsIdentity {
  readonly certPem: string;
  readonly keyPem: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** generated now, reused from DATA_DIR, or configured through TLS_CERT_FILE / TLS_KEY_FILE. */
  readonly origin: 'generated' | 'reused' | 'configured';
  readonly notAfter: Date;
}

/** Loads the configured pair, or reuses / creates the self-signed pair in `dataDir`. */
export async function loadTlsIdentity(tls: TlsConfig, dataDir: string): Promise<TlsIdentity> {
  if (tls.kind === 'files') {
    const certPem = await readPem(tls.certFile, 'TLS_CERT_FILE');
    const keyPem = await readPem(tls.keyFile, 'TLS_KEY_FILE');
    return identity(certPem, keyPem, tls.certFile, tls.keyFile, 'configured');
  }
  const certFile = path.join(dataDir, CERT_FILE_NAME);
  const keyFile = path.join(dataDir, KEY_FILE_NAME);
  const [hasCert, hasKey] = await Promise.all([exists(certFile), exists(keyFile)]);
  if (hasCert && hasKey) {
    await tightenKeyMode(keyFile);
    const [certPem, keyPem] = await Promise.all([readPem(certFile, 'certificate'), readPem(keyFile, 'key')]);
    return identity(certPem, keyPem, certFile, keyFile, 'reused');
  }
  if (hasCert || hasKey) {
    const present = hasCert ? certFile : keyFile;
    throw new VaultError(
      'BAD_CONFIG',
      `half a TLS pair in the data directory (only ${present}); delete it to make a new certificate`,
    );
  }
  const made = await createSelfSignedCertificate(new Date());
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(keyFile, made.keyPem, 0o600);
  await writeFileAtomic(certFile, made.certPem, 0o644);
  return identity(made.certPem, made.keyPem, certFile, keyFile, 'generated');
}

/** A fresh self-signed ECDSA P-256 certificate for 127.0.0.1, ::1 and localhost. */
export async function createSelfSignedCertificate(
  notBefore: Date,
): Promise<{ certPem: string; keyPem: string }> {
  const made = await generate([{ name: 'commonName', value: 'Sealed Vault sync server (127.0.0.1)' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(notBefore.getTime() - 60_000),
    notAfterDate: new Date(notBefore.getTime() + SELF_SIGNED_VALIDITY_DAYS * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { certPem: made.cert, keyPem: made.private };
}

function identity(
  certPem: string,
  keyPem: string,
  certFile: string,
  keyFile: string,
  origin: TlsIdentity['origin'],
): TlsIdentity {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certPem);
  } catch {
    throw new VaultError('BAD_CONFIG', `${certFile} does not hold a PEM certificate`);
  }
  let matches: boolean;
  try {
    matches = certificate.checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    throw new VaultError('BAD_CONFIG', `${keyFile} does not hold an unencrypted PEM private key`);
  }
  if (!matches) {
    throw new VaultError('BAD_CONFIG', `${keyFile} is not the private key of ${certFile}`);
  }
  return { certPem, keyPem, certFile, keyFile, origin, notAfter: new Date(certificate.validTo) };
}

async function readPem(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new VaultError('BAD_CONFIG', `cannot read ${what} ${file} (${reason})`);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** A key file readable by group or others is brought back to 0600 (POSIX only). */
async function tightenKeyMode(keyFile: string): Promise<void> {
  if (process.platform === 'win32') return;
  const { mode } = await stat(keyFile);
  if ((mode & 0o077) !== 0) await chmod(keyFile, 0o600);
}

/** Write to a temporary sibling, then rename: a crash never leaves a truncated PEM behind. */
async function writeFileAtomic(file: string, data: string, mode: number): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await rm(temporary, { force: true });
  await writeFile(temporary, data, { mode, flag: 'wx' });
  await chmod(temporary, mode);
  await rename(temporary, file);
}
