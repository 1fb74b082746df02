import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equalBytes } from './constant-time';

describe('equalBytes', () => {
  it('agrees with element-wise equality on arbitrary inputs', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 }), (a, b) => {
        const expected = a.length === b.length && a.every((x, i) => x === b[i]);
        expect(equalBytes(a, b)).toBe(expected);
      }),
    );
  });

  it('finds a difference in any single bit, first or last byte', () => {
    const a = new Uint8Array(32).fill(0xa5);
    for (const index of [0, 31]) {
      for (let bit = 0; bit < 8; bit++) {
        const b = a.slice();
        b[index] = (b[index] ?? 0) ^ (1 << bit);
        expect(equalBytes(a, b)).toBe(false);
      }
    }
    expect(equalBytes(a, a.slice())).toBe(true);
  });

  it('answers false for different lengths, even when one is a prefix', () => {
    expect(equalBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
    expect(equalBytes(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });
});
