/**
 * Source: RFC 9106 (Argon2), §5.3 "Argon2id Test Vectors" (version 0x13). Hex, copied from the RFC.
 */
export const RFC9106_ARGON2ID = {
  m: 32,
  t: 3,
  p: 4,
  tagLength: 32,
  password: '01'.repeat(32),
  salt: '02'.repeat(16),
  secret: '03'.repeat(8),
  associatedData: '04'.repeat(12),
  tag: '0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659',
} as const;
