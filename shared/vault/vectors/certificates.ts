/**
 * Certificate vectors made on this project's development machine with OpenSSL 3.0.19 (27 Jan 2026),
 * by the `command` of each vector. `notBefore` and `notAfter` are what
 * `openssl x509 -in <file> -noout -dates -subject -nameopt utf8` printed, in ISO form. The EC
 * certificate's notAfter lies after 2049, so it is a GeneralizedTime (RFC 5280 §4.1.2.5); the
 * others are UTCTime. `PRIVATE_KEY_PEM` is ec.key from the second command, a throwaway test key used
 * only to check that a wrong PEM label is refused.
 */

export interface CertificateVector {
  readonly name: string;
  readonly command: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly commonName: string;
  readonly organization: string;
  readonly pem: string;
}

export const CERTIFICATE_VECTORS: readonly CertificateVector[] = [
  {
    name: 'rsa',
    command: "openssl req -x509 -newkey rsa:2048 -nodes -keyout rsa.key -out rsa.pem -days 365 -subj '/CN=api.example.test/O=Sealed Vault Tests'",
    notBefore: '2026-11-25T10:20:32Z',
    notAfter: '2027-11-25T10:20:32Z',
    commonName: 'api.example.test',
    organization: 'Sealed Vault Tests',
    pem: [
      '-----BEGIN CERTIFICATE-----',
      'MIIDUTCCAjmgAwIBAgIUNI3glWlhEZEmxD4UB+emC4tNeDwwDQYJKoZIhvcNAQEL',
      'BQAwODEZMBcGA1UEAwwQYXBpLmV4YW1wbGUudGVzdDEbMBkGA1UECgwSU2VhbGVk',
      'IFZhdWx0IFRlc3RzMB4XDTI2MTEyNTEwMjAzMloXDTI3MTEyNTEwMjAzMlowODEZ',
      'MBcGA1UEAwwQYXBpLmV4YW1wbGUudGVzdDEbMBkGA1UECgwSU2VhbGVkIFZhdWx0',
      'IFRlc3RzMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtxAePsiI1lxE',
      'mJTjmaknHAu3vCM7MgYUfJohyKJy1Bm3M2RrgBeomsEDtkQYicAPhKC+Kusg6zdR',
      'b2X+tVaIwzYLcpfJg/YxAik2ty7k4LVKCD1SPmsoow5YQDcAoEooqvmrVzIGF6kM',
      '8iEHj4NkHEXfoJUCXc1TqDCzC1PeSRz9z7nmkTZJsn3tDnPJE2o9og1TW3lwOXjf',
      'lGf7PbZqDtZEM+0hfCCZPGKOtZBWY20KrNrHOt8w7xx9lSZ+5NDKHP+rWnt/flL4',
      'FDpilLvfJyhssPHGtcYog0A4LFkeD5Jp+JH2Ehfge9Wt23lcBDFPuzt/34zWrHmK',
      'rOz2PkALRQIDAQABo1MwUTAdBgNVHQ4EFgQUo2x5RXf99yWlaXBj8Sflgk61MJkw',
      'HwYDVR0jBBgwFoAUo2x5RXf99yWlaXBj8Sflgk61MJkwDwYDVR0TAQH/BAUwAwEB',
      '/zANBgkqhkiG9w0BAQsFAAOCAQEAHnZ7xP3pnGVmXI2yR+tenhlj5ldSsiLh8f7h',
      '8dF1Xambn8COtj3YP9BS+37mZVorlhTEhIVq1IBJDkSjZpOZvEJ4vW0UFBP/Mzy1',
      'D8oknJxbMykkLw0aJ3/nIqTN9XRgF1C/OjoAMi9d6QVWDbIyVLDAUuvc7v8eOO+7',
      'f4a1q30QsmkgN26o3wYQDhFmovWJe5nEXE6nc2PvJOsgxUgHxLvgJCouKzGplTXZ',
      'KiesrqnPcq5lUJJ0O5oA6FKhXpvprkd014By8ebKBjPSevj5/zIQkXY/pJ32Nptg',
      'Fu56+kvEVatQGxV+qk3TKbCzeuJim4iCpX3DUJmK1dBA2k4okg==',
      '-----END CERTIFICATE-----',
    ].join('\n'),
  },
  {
    name: 'ec-no-cn',
    command: "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ec.key -out ec.pem -days 11000 -subj '/O=No Common Name Ltd/C=DE'",
    notBefore: '2026-11-25T10:20:32Z',
    notAfter: '2057-01-06T10:20:32Z',
    commonName: '',
    organization: 'No Common Name Ltd',
    pem: [
      '-----BEGIN CERTIFICATE-----',
      'MIIBrDCCAVGgAwIBAgIUL+tszsoQPm7IeTJfdrPkFw5aT2MwCgYIKoZIzj0EAwIw',
      'KjEbMBkGA1UECgwSTm8gQ29tbW9uIE5hbWUgTHRkMQswCQYDVQQGEwJERTAgFw0y',
      'NjExMjUxMDIwMzJaGA8yMDU3MDEwNjEwMjAzMlowKjEbMBkGA1UECgwSTm8gQ29t',
      'bW9uIE5hbWUgTHRkMQswCQYDVQQGEwJERTBZMBMGByqGSM49AgEGCCqGSM49AwEH',
      'A0IABJ9VhMtxrsScwVqqBkjiznrrm8Tz/Xc1ZXBhBNCc6qhX5w4qPU2EO4Ls+Ztp',
      '7+CmxJVc5QsEasAXfKeCKfnf0+ujUzBRMB0GA1UdDgQWBBRtz17o4G4mXOT2BBxV',
      '68XJkBnJ/jAfBgNVHSMEGDAWgBRtz17o4G4mXOT2BBxV68XJkBnJ/jAPBgNVHRMB',
      'Af8EBTADAQH/MAoGCCqGSM49BAMCA0kAMEYCIQDlIW4NByYrvuyNKkbl7ZOw0e9W',
      'Jh/+TqoqLZ8x9X8KpAIhAImg7yWyHk2L/dxoWWDn0hFmQ0hH4paoHep7OTEwxb54',
      '-----END CERTIFICATE-----',
    ].join('\n'),
  },
  {
    name: 'ed25519-utf8',
    command: "openssl req -x509 -newkey ed25519 -nodes -keyout ed.key -out ed.pem -days 30 -utf8 -subj '/CN=Zoë Überprüfung/O=Unicode'",
    notBefore: '2026-11-25T10:20:32Z',
    notAfter: '2026-12-25T10:20:32Z',
    commonName: 'Zoë Überprüfung',
    organization: 'Unicode',
    pem: [
      '-----BEGIN CERTIFICATE-----',
      'MIIBczCCASWgAwIBAgIUczqXTcB+utsE1Lufh0129pjYoEkwBQYDK2VwMC8xGzAZ',
      'BgNVBAMMElpvw6sgw5xiZXJwcsO8ZnVuZzEQMA4GA1UECgwHVW5pY29kZTAeFw0y',
      'NjExMjUxMDIwMzJaFw0yNjEyMjUxMDIwMzJaMC8xGzAZBgNVBAMMElpvw6sgw5xi',
      'ZXJwcsO8ZnVuZzEQMA4GA1UECgwHVW5pY29kZTAqMAUGAytlcAMhAGBF8vIGCsUa',
      'HCL1u5rLUVm+fiU3UfZLvaCH1pI0NuMto1MwUTAdBgNVHQ4EFgQUkzIGgnwUoiiO',
      'MXodDATDfIU1tnkwHwYDVR0jBBgwFoAUkzIGgnwUoiiOMXodDATDfIU1tnkwDwYD',
      'VR0TAQH/BAUwAwEB/zAFBgMrZXADQQB/Pe1b+bjMVJ3HKS2tU9CBnJVwJV7U3hTE',
      'qe9oYvvkwNVoBUYuNYb9MSmc22Gl1Lnr1zfAe27MgCOiOdxpiCIG',
      '-----END CERTIFICATE-----',
    ].join('\n'),
  },
];

export const PRIVATE_KEY_PEM = [
  '-----BEGIN PRIVATE KEY-----',
  'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg9GBwzJ/s9rjRGKjQ',
  'RgWBuDSUY4N0+f7k5Mtv0Zy7xQ2hRANCAASfVYTLca7EnMFaqgZI4s5665vE8/13',
  'NWVwYQTQnOqoV+cOKj1NhDuC7Pmbae/gpsSVXOULBGrAF3yngin539Pr',
  '-----END PRIVATE KEY-----',
].join('\n');
