/**
 * RFC 9106 §5.3 (Argon2id test vector): m = 32 KiB, t = 3, p = 4, tag 32 bytes,
 * password 32 × 0x01, salt 16 × 0x02, secret 8 × 0x03, associated data 12 × 0x04.
 * Source: https://www.rfc-editor.org/rfc/rfc9106#section-5.3
 */
export const RFC9106_ARGON2ID = {
  m: 32,
  t: 3,
  p: 4,
  password: new Uint8Array(32).fill(0x01),
  salt: new Uint8Array(16).fill(0x02),
  secret: new Uint8Array(8).fill(0x03),
  associatedData: new Uint8Array(12).fill(0x04),
  tag: '0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659',
};
