import { expand, extract } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/random';
import { pairingKey } from './pairing-key';

describe('pairing key k = HKDF(secret, "pair/v1" ‖ invite id)', () => {
  it('matches RFC 5869 HKDF-SHA-256 computed independently (empty salt)', () => {
    const secret = randomBytes(16);
    const invite = randomBytes(16);
    const info = new Uint8Array([...new TextEncoder().encode('pair/v1'), ...invite]);
    expect(pairingKey(secret, invite)).toEqual(expand(sha256, extract(sha256, secret, new Uint8Array(32)), info, 32));
  });

  it('differs for another invite id or secret', () => {
    const secret = randomBytes(16);
    const invite = randomBytes(16);
    expect(pairingKey(secret, randomBytes(16))).not.toEqual(pairingKey(secret, invite));
    expect(pairingKey(randomBytes(16), invite)).not.toEqual(pairingKey(secret, invite));
  });

  it('refuses a secret or invite id that is not 128 bits', () => {
    expect(() => pairingKey(randomBytes(8), randomBytes(16))).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => pairingKey(randomBytes(16), randomBytes(32))).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
