/**
 * Password strength: the master-password policy and the weak and reused flags on stored passwords.
 *
 * Estimates with zxcvbn-ts (the maintained TypeScript port of Dropbox's zxcvbn, USENIX Security
 * 2016) loaded with its common and English dictionaries, keyboard graphs and English feedback.
 * Scores are zxcvbn's 0..4; `guessesLog10` is its estimate of guesses needed.
 *
 * Refuses as a master password: fewer than `MASTER_MIN_LENGTH` characters (code points) or a score
 * below `MASTER_MIN_SCORE`. Flags a login or database password as weak below the same score and as
 * reused when another live item has the same value; values are compared by SHA-256 digest, and the
 * digest-to-items map lives only for one call. The optional score cache is keyed by digest too.
 *
 * Cost: building the estimator takes a few hundred ms once; each distinct password takes ~3–15 ms
 * on a small machine, so callers score stored passwords off the unlock path and keep a cache.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';
import type { Item } from './item-types';

export const MASTER_MIN_LENGTH = 10;
export const MASTER_MIN_SCORE = 3;
export const WEAK_BELOW_SCORE = 3;

export interface PasswordAssessment {
  /** 0 (too guessable) .. 4 (very unguessable). */
  readonly score: 0 | 1 | 2 | 3 | 4;
  readonly guessesLog10: number;
  /** English advice, or null. */
  readonly warning: string | null;
  readonly suggestions: readonly string[];
}

export type MasterPasswordProblem = 'TOO_SHORT' | 'TOO_WEAK';
export type PasswordFlag = 'weak' | 'reused';
/** Item id to its password flags; items without flags are absent. */
export type PasswordFlags = ReadonlyMap<string, readonly PasswordFlag[]>;
/** Score by SHA-256 digest (hex) of a password; keep it in memory while unlocked, drop it on lock. */
export type StrengthCache = Map<string, number>;

let estimator: ZxcvbnFactory | null = null;

function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    translations,
    graphs: adjacencyGraphs,
    dictionary: { ...commonDictionary, ...englishDictionary },
    l33tMaxSubstitutions: 20,
  });
  return estimator;
}

/** zxcvbn's estimate for `password`; `userInputs` (name, email, site) count as known words. */
export function assessPassword(password: string, userInputs: readonly string[] = []): PasswordAssessment {
  const result = zxcvbn().check(password, [...userInputs]);
  return {
    score: result.score,
    guessesLog10: result.guessesLog10,
    warning: result.feedback.warning,
    suggestions: result.feedback.suggestions,
  };
}

/** Why a master password is refused, or null when it is acceptable. */
export function masterPasswordProblem(password: string, userInputs: readonly string[] = []): MasterPasswordProblem | null {
  if ([...password].length < MASTER_MIN_LENGTH) return 'TOO_SHORT';
  if (assessPassword(password, userInputs).score < MASTER_MIN_SCORE) return 'TOO_WEAK';
  return null;
}

function passwordOf(item: Item): string | null {
  if (item.trashedAt !== null) return null;
  if (item.type !== 'login' && item.type !== 'database') return null;
  return item.password === '' ? null : item.password;
}

function digest(value: string): string {
  return bytesToHex(sha256(new TextEncoder().encode(value)));
}

function scoreOf(password: string, key: string, cache: StrengthCache | undefined): number {
  const cached = cache?.get(key);
  if (cached !== undefined) return cached;
  const score = assessPassword(password).score;
  cache?.set(key, score);
  return score;
}

/** Weak and reused flags for the live login and database passwords among `items`. */
export function weakOrReused(items: Iterable<Item>, cache?: StrengthCache): PasswordFlags {
  const owners = new Map<string, string[]>();
  const weak = new Set<string>();
  for (const item of items) {
    const password = passwordOf(item);
    if (password === null) continue;
    const key = digest(password);
    const ids = owners.get(key);
    if (ids === undefined) owners.set(key, [item.id]);
    else ids.push(item.id);
    if (scoreOf(password, key, cache) < WEAK_BELOW_SCORE) weak.add(item.id);
  }
  const flags = new Map<string, PasswordFlag[]>();
  for (const id of weak) flags.set(id, ['weak']);
  for (const ids of owners.values()) {
    if (ids.length < 2) continue;
    for (const id of ids) flags.set(id, [...(flags.get(id) ?? []), 'reused']);
  }
  return flags;
}
