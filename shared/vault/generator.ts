/**
 * Password and passphrase generators with unbiased sampling through the `RandomBytes` port
 * (production passes a `crypto.getRandomValues` wrapper, W3C WebCrypto §10.1.1).
 *
 * Sampling: an index below n is read from the fewest whole bytes that cover n and rejected when it
 * falls in the incomplete top block (rejection sampling; NIST SP 800-90A Rev. 1 §A.5.1 "simple
 * discard"), so every index is exactly equally likely. Passwords: every position is drawn from the
 * union of the chosen classes and the whole password is drawn again until each chosen class occurs,
 * which makes it uniform over all valid passwords; `entropyBits` is log2 of their exact number
 * (inclusion–exclusion). Passphrases: words from the EFF large wordlist, 12.925 bits each; an
 * optional digit at a random word adds log2(10 × words) bits; capitals add none.
 *
 * Refuses (BAD_INPUT): lengths outside 8..128, no character class, word counts outside 3..20,
 * separators over 3 characters. A random source stuck in the rejection zone fails with INTERNAL
 * rather than looping forever.
 */
import { VaultError } from '../protocol/errors';
import { takeRandom, type RandomBytes } from './item-id';
import { EFF_LARGE_WORDLIST } from './wordlists/eff-large';

export const CHARACTER_CLASSES = {
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digits: '0123456789',
  symbols: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
} as const;
export type CharacterClass = keyof typeof CHARACTER_CLASSES;

/** Characters easy to confuse with another in common fonts. */
export const LOOK_ALIKES = 'O0oIl1|';

export interface PasswordOptions {
  readonly length: number;
  readonly lower: boolean;
  readonly upper: boolean;
  readonly digits: boolean;
  readonly symbols: boolean;
  /** Leave out `LOOK_ALIKES`. */
  readonly avoidAmbiguous: boolean;
}

export interface PassphraseOptions {
  readonly words: number;
  readonly separator: string;
  /** Capitalise the first letter of every word. */
  readonly capitalize: boolean;
  /** Append one random digit to one random word. */
  readonly includeDigit: boolean;
}

export interface Generated {
  readonly value: string;
  readonly entropyBits: number;
}

const MAX_CONSECUTIVE_REJECTIONS = 1000;

/** Unbiased integers from a byte stream, pulled from the port in chunks. */
export class UniformSampler {
  private pool: Uint8Array = new Uint8Array(0);
  private offset = 0;
  constructor(private readonly random: RandomBytes) {}

  private byte(): number {
    if (this.offset >= this.pool.length) {
      this.pool = takeRandom(this.random, 256);
      this.offset = 0;
    }
    return this.pool[this.offset++] ?? 0;
  }

  /** A uniform integer in 0..n-1, for 1 <= n <= 2^32. */
  index(n: number): number {
    if (!Number.isSafeInteger(n) || n < 1 || n > 2 ** 32) throw new VaultError('BAD_INPUT', `cannot sample from ${n} choices`);
    const bytes = n <= 0x100 ? 1 : n <= 0x10000 ? 2 : n <= 0x1000000 ? 3 : 4;
    const range = 2 ** (8 * bytes);
    const limit = range - (range % n);
    for (let tries = 0; tries < MAX_CONSECUTIVE_REJECTIONS; tries++) {
      let x = 0;
      for (let i = 0; i < bytes; i++) x = x * 256 + this.byte();
      if (x < limit) return x % n;
    }
    throw new VaultError('INTERNAL', 'random source keeps returning rejected values');
  }
}

function chosenClasses(options: PasswordOptions): string[] {
  const classes = (Object.keys(CHARACTER_CLASSES) as CharacterClass[]).filter((name) => options[name]);
  return classes.map((name) => [...CHARACTER_CLASSES[name]].filter((c) => !options.avoidAmbiguous || !LOOK_ALIKES.includes(c)).join(''));
}

/** log2 of the number of strings of `length` over the union that contain every class. */
export function passwordEntropyBits(classSizes: readonly number[], length: number): number {
  const union = classSizes.reduce((a, b) => a + b, 0);
  let sum = 0;
  for (let mask = 0; mask < 1 << classSizes.length; mask++) {
    let missing = 0;
    let sign = 1;
    classSizes.forEach((size, i) => {
      if (mask & (1 << i)) {
        missing += size;
        sign = -sign;
      }
    });
    sum += sign * (1 - missing / union) ** length;
  }
  return length * Math.log2(union) + Math.log2(sum);
}

/** A random password with every chosen class present. */
export function generatePassword(options: PasswordOptions, random: RandomBytes): Generated {
  const { length } = options;
  if (!Number.isSafeInteger(length) || length < 8 || length > 128) throw new VaultError('BAD_INPUT', 'password length must be 8..128');
  const classes = chosenClasses(options);
  if (classes.length === 0) throw new VaultError('BAD_INPUT', 'choose at least one character class');
  const alphabet = [...classes.join('')];
  const sampler = new UniformSampler(random);
  for (let tries = 0; tries < MAX_CONSECUTIVE_REJECTIONS; tries++) {
    const chars = Array.from({ length }, () => alphabet[sampler.index(alphabet.length)] ?? '');
    if (classes.every((set) => chars.some((c) => set.includes(c)))) {
      return { value: chars.join(''), entropyBits: passwordEntropyBits(classes.map((c) => c.length), length) };
    }
  }
  throw new VaultError('INTERNAL', 'random source never produced every class');
}

/** A random passphrase from the EFF large wordlist. */
export function generatePassphrase(options: PassphraseOptions, random: RandomBytes): Generated {
  const { words, separator } = options;
  if (!Number.isSafeInteger(words) || words < 3 || words > 20) throw new VaultError('BAD_INPUT', 'word count must be 3..20');
  if ([...separator].length > 3) throw new VaultError('BAD_INPUT', 'separator must be at most 3 characters');
  const sampler = new UniformSampler(random);
  const picked = Array.from({ length: words }, () => EFF_LARGE_WORDLIST[sampler.index(EFF_LARGE_WORDLIST.length)] ?? '');
  const shaped = options.capitalize ? picked.map((w) => w.charAt(0).toUpperCase() + w.slice(1)) : picked;
  let entropyBits = words * Math.log2(EFF_LARGE_WORDLIST.length);
  if (options.includeDigit) {
    const at = sampler.index(words);
    shaped[at] = `${shaped[at] ?? ''}${sampler.index(10)}`;
    entropyBits += Math.log2(10 * words);
  }
  return { value: shaped.join(separator), entropyBits };
}
