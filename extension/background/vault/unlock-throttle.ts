/**
 * Slows down repeated wrong master passwords: after 3 failures in a row each further attempt waits
 * 2^(n−3) seconds (at most 5 minutes) since the last failure. The counter is stored (it is not
 * secret) so a restarted worker keeps it; a successful unlock resets it. Refuses early attempts with
 * RATE_LIMITED, saying how long to wait.
 */
import { VaultError } from '../../../shared/protocol/errors';
import type { Clock, VaultStore } from './ports';

const KEY = 'unlock-failures';
const FREE_ATTEMPTS = 3;
const MAX_DELAY_MS = 5 * 60_000;

interface Failures {
  count: number;
  lastAt: number;
}

export function delayAfter(count: number): number {
  if (count < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_DELAY_MS, 1000 * 2 ** (count - FREE_ATTEMPTS));
}

export function unlockThrottle(store: VaultStore, now: Clock) {
  const read = async (): Promise<Failures> => (await store.getMeta<Failures>(KEY)) ?? { count: 0, lastAt: 0 };
  return {
    async check(): Promise<void> {
      const failures = await read();
      const wait = failures.lastAt + delayAfter(failures.count) - now();
      if (wait > 0) {
        throw new VaultError('RATE_LIMITED', `Too many wrong passwords. Try again in ${Math.ceil(wait / 1000)} s.`);
      }
    },
    async failed(): Promise<void> {
      const failures = await read();
      await store.putMeta(KEY, { count: failures.count + 1, lastAt: now() });
    },
    async succeeded(): Promise<void> {
      await store.putMeta(KEY, { count: 0, lastAt: 0 });
    },
  };
}
