import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { checkKeyCommitment, keyCommitment } from './key-commitment';

const key = new Uint8Array(32).map((_, i) => i);

describe('key commitment H("kc" ‖ K)', () => {
  it('is SHA-256 of "kc" ‖ K, checked against WebCrypto as an independent SHA-256', async () => {
    const input = new Uint8Array([0x6b, 0x63, ...key]);
    const reference = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', input));
    expect(bytesToHex(keyCommitment(key))).toBe(bytesToHex(reference));
  });

  it('accepts the key it commits to', () => {
    expect(() => checkKeyCommitment(key, keyCommitment(key))).not.toThrow();
  });

  it('refuses any other key with KEY_COMMITMENT_MISMATCH', () => {
    const commitment = keyCommitment(key);
    for (const index of [0, 17, 31]) {
      const other = key.slice();
      other[index] = (other[index] ?? 0) ^ 1;
      expect(() => checkKeyCommitment(other, commitment)).toThrowError(expect.objectContaining({ code: 'KEY_COMMITMENT_MISMATCH' }));
    }
  });

  it('refuses keys or commitments that are not 32 bytes with BAD_INPUT', () => {
    expect(() => keyCommitment(new Uint8Array(16))).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => checkKeyCommitment(key, new Uint8Array(31))).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
