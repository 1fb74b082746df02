import { expectVaultError } from './expect-vault-error';
import { describe, expect, it } from 'vitest';
import { readCertificate } from './certificate';
import { CERTIFICATE_VECTORS, PRIVATE_KEY_PEM } from './vectors/certificates';

const expectBadInput = (run: () => unknown, fragment: RegExp): void => expectVaultError(run, 'BAD_INPUT', fragment);

const [rsa] = CERTIFICATE_VECTORS;

describe('PEM certificates', () => {
  for (const vector of CERTIFICATE_VECTORS) {
    it(`reads the dates and subject openssl reported for ${vector.name}`, () => {
      const info = readCertificate(vector.pem);
      expect(new Date(info.notBefore).toISOString().replace('.000', '')).toBe(vector.notBefore);
      expect(new Date(info.notAfter).toISOString().replace('.000', '')).toBe(vector.notAfter);
      expect(info.subjectCommonName).toBe(vector.commonName);
      expect(info.subjectOrganization).toBe(vector.organization);
    });
  }

  it('reads the first certificate of a chain and tolerates explanatory text and CRLF', () => {
    const chain = `Subject: leaf\r\n${rsa!.pem.replace(/\n/g, '\r\n')}\r\n${CERTIFICATE_VECTORS[1]!.pem}\n`;
    expect(readCertificate(chain).subjectCommonName).toBe('api.example.test');
  });

  it('finds the certificate when a private key comes first', () => {
    expect(readCertificate(`${PRIVATE_KEY_PEM}\n${rsa!.pem}`).subjectCommonName).toBe('api.example.test');
  });

  it('refuses garbage and empty text', () => {
    expectBadInput(() => readCertificate(''), /no PEM block/);
    expectBadInput(() => readCertificate('hello world'), /no PEM block/);
  });

  it('refuses a PEM block with another label', () => {
    expectBadInput(() => readCertificate(PRIVATE_KEY_PEM), /expected a CERTIFICATE block, found "PRIVATE KEY"/);
  });

  it('refuses mismatched BEGIN and END labels', () => {
    expectBadInput(() => readCertificate(rsa!.pem.replace('END CERTIFICATE', 'END X509 CRL')), /closed by END X509 CRL/);
  });

  it('refuses a body that is not base64, or is not a certificate', () => {
    expectBadInput(() => readCertificate('-----BEGIN CERTIFICATE-----\n*bad*\n-----END CERTIFICATE-----'), /not base64/);
    expectBadInput(() => readCertificate('-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----'), /not an X.509 certificate/);
  });

  it('refuses truncated DER', () => {
    const lines = rsa!.pem.split('\n');
    const cut = [...lines.slice(0, 5), ...lines.slice(-1)].join('\n');
    expectBadInput(() => readCertificate(cut), /DER length|not base64/);
  });
});
