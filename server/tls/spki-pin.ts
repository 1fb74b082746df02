/**
 * The SPKI pin of a certificate: base64 (standard alphabet, padded) of SHA-256 over the DER
 * SubjectPublicKeyInfo, as in RFC 7469 §2.4. This is the value Chromium's
 * `--ignore-certificate-errors-spki-list` takes, so a test browser can trust the self-signed server
 * certificate without installing it. Refuses anything that is not a PEM (or DER) X.509 certificate.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { VaultError } from '../../shared/protocol/errors';

export function spkiPin(certificate: string | Uint8Array): string {
  let parsed: X509Certificate;
  try {
    parsed = new X509Certificate(certificate);
  } catch {
    throw new VaultError('BAD_INPUT', 'not an X.509 certificate');
  }
  const spki = parsed.publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}
