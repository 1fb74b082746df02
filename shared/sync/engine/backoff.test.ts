import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoff', () => {
  it('doubles from the base up to the cap, with jitter between half and all of it', () => {
    const policy = { baseMs: 2000, capMs: 15 * 60_000 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 0.999999, policy))).toEqual([2000, 4000, 8000, 16000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 0, policy))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(30, 0.999999, policy)).toBe(15 * 60_000);
    expect(backoffDelay(10_000, 0.5, policy)).toBe(Math.round(15 * 60_000 * 0.75));
  });

  it('refuses nonsense attempts and random numbers', () => {
    expect(() => backoffDelay(0, 0.5)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => backoffDelay(1, 1)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
