import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { sha256 } from './hash';
import { SHA256_VECTORS } from './vectors/fips180-sha256';

describe('SHA-256 (FIPS 180-4)', () => {
  it.each(SHA256_VECTORS)('hashes "$input" to the published digest', ({ input, digest }) => {
    expect(bytesToHex(sha256(new TextEncoder().encode(input)))).toBe(digest);
  });
});
