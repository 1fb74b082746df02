/** The sync engine's `Environment` in the worker: the wall clock and WebCrypto randomness (for jitter). */
import type { Environment } from '../../../shared/sync/engine/ports';

export const browserEnvironment: Environment = {
  now: () => Date.now(),
  random: () => crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32,
};
