import { describe, expect, it } from 'vitest';
import { MAX_RANDOM_BYTES, randomBytes } from './random';

describe('randomBytes', () => {
  it('returns the requested length, different each call', () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    expect(a).toHaveLength(32);
    expect(a).not.toEqual(b);
    expect(randomBytes(MAX_RANDOM_BYTES)).toHaveLength(MAX_RANDOM_BYTES);
  });

  it('refuses lengths that are zero, negative, fractional or above the WebCrypto quota', () => {
    for (const length of [0, -1, 2.5, MAX_RANDOM_BYTES + 1, Number.NaN]) {
      expect(() => randomBytes(length)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
    }
  });
});
