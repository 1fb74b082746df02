/**
 * Weak and reused flags for stored passwords, kept cheap: zxcvbn scores are cached by digest for
 * the unlocked session (dropped on lock), and a large vault is scored in small slices after unlock,
 * yielding to the worker between slices, so unlock and search never wait for the estimator.
 */
import type { Item } from '../../../shared/vault/item-types';
import { weakOrReused, type PasswordFlags, type StrengthCache } from '../../../shared/vault/strength';

const SLICE = 5;

export function passwordFlagger() {
  const cache: StrengthCache = new Map();
  return {
    /** Flags over every item, scoring only passwords not seen before. */
    flags(items: Iterable<Item>): PasswordFlags {
      return weakOrReused(items, cache);
    },
    /** Scores every password in slices; resolves when all are cached. */
    async warm(items: readonly Item[], stillWanted: () => boolean): Promise<void> {
      for (let i = 0; i < items.length; i += SLICE) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (!stillWanted()) return;
        weakOrReused(items.slice(i, i + SLICE), cache);
      }
    },
    clear(): void {
      cache.clear();
    },
  };
}
