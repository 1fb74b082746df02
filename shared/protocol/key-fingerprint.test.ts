/** Signing-key fingerprints: four groups of four Crockford characters over SHA-256 of the key. */
import { describe, expect, it } from 'vitest';
import { toCrockford } from '../crypto/base32-crockford';
import { sha256 } from '../crypto/hash';
import { KEY_FINGERPRINT_PATTERN, keyFingerprint } from './key-fingerprint';

describe('keyFingerprint', () => {
  it('is the first 80 bits of SHA-256 of the key in Crockford base32, grouped by four', () => {
    const key = new Uint8Array(32).map((_, i) => i);
    const text = keyFingerprint(key);
    expect(text).toMatch(KEY_FINGERPRINT_PATTERN);
    expect(text.replaceAll('-', '')).toBe(toCrockford(sha256(key).subarray(0, 10)));
    expect(keyFingerprint(new Uint8Array(32))).not.toBe(text);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => keyFingerprint(new Uint8Array(31))).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
