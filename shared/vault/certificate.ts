/**
 * X.509 certificates in PEM: reads the validity period and subject common name so a certificate
 * item's expiry comes from the certificate itself, never from what someone typed.
 *
 * PEM framing per RFC 7468 §2 and §5 (label CERTIFICATE, base64 body, whitespace tolerated,
 * explanatory text around the block allowed); the DER structure per RFC 5280 §4.1, decoded by
 * @peculiar/asn1-x509. When the text holds a chain, the first CERTIFICATE block (the leaf, by
 * convention) is read.
 *
 * Refuses, with BAD_INPUT: text with no PEM block, PEM blocks with any other label (private keys,
 * CSRs, CRLs), a body that is not canonical base64, DER with trailing or missing bytes, and anything
 * the X.509 decoder rejects. It checks no signature and trusts nothing: the result is a label.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, type Name } from '@peculiar/asn1-x509';
import { VaultError } from '../protocol/errors';
import { base64Decode } from './base64';

export interface CertificateInfo {
  /** Start of validity, epoch ms. */
  readonly notBefore: number;
  /** End of validity (the certificate's expiry), epoch ms. */
  readonly notAfter: number;
  /** The subject's first common name (OID 2.5.4.3), or '' when it has none. */
  readonly subjectCommonName: string;
  /** The subject's first organisation (OID 2.5.4.10), or ''. */
  readonly subjectOrganization: string;
}

const OID_COMMON_NAME = '2.5.4.3';
const OID_ORGANIZATION = '2.5.4.10';
const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END ([A-Z0-9 ]+)-----/g;

function fail(message: string): never {
  throw new VaultError('BAD_INPUT', `certificate: ${message}`);
}

/** The DER bytes of the first CERTIFICATE block. */
function certificateDer(pem: string): Uint8Array {
  const labels: string[] = [];
  for (const match of pem.matchAll(BLOCK)) {
    const [, begin = '', body = '', end = ''] = match;
    labels.push(begin);
    if (begin !== 'CERTIFICATE') continue;
    if (end !== begin) fail(`BEGIN ${begin} is closed by END ${end}`);
    try {
      return base64Decode(body.replace(/\s+/g, ''));
    } catch {
      fail('PEM body is not base64');
    }
  }
  if (labels.length === 0) fail('no PEM block found');
  return fail(`expected a CERTIFICATE block, found ${labels.map((l) => `"${l}"`).join(', ')}`);
}

/** Checks that the outer DER SEQUENCE spans exactly the given bytes (X.690 §8.1.3). */
function checkDerFraming(der: Uint8Array): void {
  const first = der[1];
  if (der[0] !== 0x30 || first === undefined) fail('not a DER SEQUENCE');
  let length = first;
  let header = 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) fail('unsupported DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (der[2 + i] ?? fail('truncated DER'));
    header += count;
  }
  if (header + length !== der.length) fail('DER length does not match the data');
}

function firstAttribute(name: Name, oid: string): string {
  for (const rdn of name) {
    for (const attribute of rdn) {
      if (attribute.type === oid) return attribute.value.toString();
    }
  }
  return '';
}

/** Reads validity and subject from a PEM certificate. */
export function readCertificate(pem: string): CertificateInfo {
  const der = certificateDer(pem);
  checkDerFraming(der);
  let certificate: Certificate;
  try {
    certificate = AsnConvert.parse(der, Certificate);
  } catch {
    fail('not an X.509 certificate');
  }
  const { validity, subject } = certificate.tbsCertificate;
  const notBefore = validity.notBefore.getTime().getTime();
  const notAfter = validity.notAfter.getTime().getTime();
  if (!Number.isSafeInteger(notBefore) || !Number.isSafeInteger(notAfter)) fail('unreadable validity dates');
  return {
    notBefore,
    notAfter,
    subjectCommonName: firstAttribute(subject, OID_COMMON_NAME),
    subjectOrganization: firstAttribute(subject, OID_ORGANIZATION),
  };
}
