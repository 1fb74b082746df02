import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VaultError } from '../protocol/errors';
import {
  CHARACTER_CLASSES,
  generatePassphrase,
  generatePassword,
  LOOK_ALIKES,
  passwordEntropyBits,
  UniformSampler,
  type PasswordOptions,
} from './generator';
import type { RandomBytes } from './item-id';
import { EFF_LARGE_WORDLIST } from './wordlists/eff-large';

/** Deterministic xorshift32 bytes so a failing property replays from its seed. */
function seeded(seed: number): RandomBytes {
  let state = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      out[i] = state & 0xff;
    }
    return out;
  };
}

const cryptoRandom: RandomBytes = (n) => crypto.getRandomValues(new Uint8Array(n));

/** A fixed byte sequence followed by 0xff bytes (rejected for every n used below). */
function scripted(bytes: number[]): RandomBytes {
  return (n) => {
    const out = new Uint8Array(n).fill(0xff);
    out.set(bytes.slice(0, n));
    return out;
  };
}

const passwordOptions = fc.record({
  length: fc.integer({ min: 8, max: 128 }),
  lower: fc.boolean(),
  upper: fc.boolean(),
  digits: fc.boolean(),
  symbols: fc.boolean(),
  avoidAmbiguous: fc.boolean(),
}).filter((o) => o.lower || o.upper || o.digits || o.symbols);

describe('unbiased sampling', () => {
  it('maps every byte value to each of 6 indices exactly 42 times, rejecting the top 4', () => {
    const counts = new Array<number>(6).fill(0);
    let rejected = 0;
    for (let b = 0; b < 256; b++) {
      try {
        counts[new UniformSampler(scripted([b])).index(6)]! += 1;
      } catch {
        rejected += 1;
      }
    }
    expect(counts).toEqual([42, 42, 42, 42, 42, 42]);
    expect(rejected).toBe(4);
  });

  it('draws again after a rejected value', () => {
    expect(new UniformSampler(scripted([255, 254, 5])).index(100)).toBe(5);
    expect(new UniformSampler(scripted([0xff, 0xff, 0x1e, 0x60])).index(7776)).toBe(0x1e60 % 7776);
  });

  it('passes a chi-square check over 94 and 7,776 choices', () => {
    for (const [n, draws] of [[94, 94 * 500], [7776, 7776 * 40]] as const) {
      const sampler = new UniformSampler(cryptoRandom);
      const counts = new Array<number>(n).fill(0);
      for (let i = 0; i < draws; i++) counts[sampler.index(n)]! += 1;
      const expected = draws / n;
      const chi2 = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
      const df = n - 1;
      // Mean df, standard deviation sqrt(2 df); 6 sigma keeps false alarms below one in 10^8.
      expect(chi2).toBeLessThan(df + 6 * Math.sqrt(2 * df));
      expect(chi2).toBeGreaterThan(df - 6 * Math.sqrt(2 * df));
    }
  });

  it('fails loudly when the random source is stuck', () => {
    expect(() => new UniformSampler((n) => new Uint8Array(n).fill(255)).index(100)).toThrow(VaultError);
    expect(() => generatePassword({ length: 8, lower: true, upper: true, digits: false, symbols: false, avoidAmbiguous: false }, (n) => new Uint8Array(n))).toThrow(VaultError);
  });
});

describe('password generator', () => {
  it('has the length, every chosen class, and only allowed characters', () => {
    fc.assert(
      fc.property(passwordOptions, fc.integer(), (options: PasswordOptions, seed) => {
        const { value, entropyBits } = generatePassword(options, seeded(seed));
        const chars = [...value];
        expect(chars).toHaveLength(options.length);
        for (const name of Object.keys(CHARACTER_CLASSES) as (keyof typeof CHARACTER_CLASSES)[]) {
          const present = chars.some((c) => CHARACTER_CLASSES[name].includes(c));
          expect(present).toBe(options[name]);
        }
        if (options.avoidAmbiguous) expect(chars.some((c) => LOOK_ALIKES.includes(c))).toBe(false);
        expect(entropyBits).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('reports exact entropy: 128 chars of 94 ≈ 838.9 bits; 8 lowercase = 37.6 bits', () => {
    expect(generatePassword({ length: 8, lower: true, upper: false, digits: false, symbols: false, avoidAmbiguous: false }, cryptoRandom).entropyBits).toBeCloseTo(8 * Math.log2(26), 9);
    const all = generatePassword({ length: 128, lower: true, upper: true, digits: true, symbols: true, avoidAmbiguous: false }, cryptoRandom);
    expect(all.entropyBits).toBeCloseTo(128 * Math.log2(94), 1);
    // Two classes of 1 over length 8: 2^8 strings minus the 2 one-class ones.
    expect(passwordEntropyBits([1, 1], 8)).toBeCloseTo(Math.log2(254), 9);
  });

  it('refuses lengths outside 8..128 and no class', () => {
    const base = { lower: true, upper: false, digits: false, symbols: false, avoidAmbiguous: false };
    expect(() => generatePassword({ ...base, length: 7 }, cryptoRandom)).toThrow(VaultError);
    expect(() => generatePassword({ ...base, length: 129 }, cryptoRandom)).toThrow(VaultError);
    expect(() => generatePassword({ ...base, length: 12.5 }, cryptoRandom)).toThrow(VaultError);
    expect(() => generatePassword({ ...base, lower: false, length: 12 }, cryptoRandom)).toThrow(VaultError);
  });
});

describe('passphrase generator', () => {
  const words = new Set(EFF_LARGE_WORDLIST);

  it('joins the requested number of EFF words, with capitals and one digit when asked', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 20 }),
        fc.constantFrom(' ', '.', '_', '+', '~~~'),
        fc.boolean(),
        fc.boolean(),
        fc.integer(),
        (count, separator, capitalize, includeDigit, seed) => {
          const { value, entropyBits } = generatePassphrase({ words: count, separator, capitalize, includeDigit }, seeded(seed));
          const parts = value.split(separator);
          expect(parts).toHaveLength(count);
          expect((value.match(/\d/g) ?? []).length).toBe(includeDigit ? 1 : 0);
          for (const part of parts) {
            const word = part.replace(/\d$/, '');
            expect(words.has(word.toLowerCase())).toBe(true);
            expect(word.charAt(0) === word.charAt(0).toUpperCase()).toBe(capitalize);
          }
          const expected = count * Math.log2(7776) + (includeDigit ? Math.log2(10 * count) : 0);
          expect(entropyBits).toBeCloseTo(expected, 9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reports 6 words at 77.5 bits', () => {
    expect(generatePassphrase({ words: 6, separator: '-', capitalize: false, includeDigit: false }, cryptoRandom).entropyBits).toBeCloseTo(77.55, 2);
  });

  it('refuses word counts outside 3..20 and long separators', () => {
    const base = { separator: '-', capitalize: false, includeDigit: false };
    expect(() => generatePassphrase({ ...base, words: 2 }, cryptoRandom)).toThrow(VaultError);
    expect(() => generatePassphrase({ ...base, words: 21 }, cryptoRandom)).toThrow(VaultError);
    expect(() => generatePassphrase({ ...base, words: 5, separator: '----' }, cryptoRandom)).toThrow(VaultError);
  });
});
