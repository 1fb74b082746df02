/**
 * Push retries (DESIGN.md §6 "Triggers": exponential backoff with jitter). After the n-th failed
 * attempt (n ≥ 1) the next one waits
 *   min(base · 2^(n−1), cap) · (0.5 + random / 2)
 * i.e. "equal jitter": between half and all of the capped exponential delay, so devices that failed
 * together do not retry together, yet a retry never comes sooner than half the nominal delay.
 * Defaults: base 2 s, cap 15 min (2 s, 4 s, 8 s, … reaching the cap at the 10th attempt).
 *
 * Refuses (BAD_INPUT) an attempt count below 1 and a random number outside [0, 1).
 */
import { VaultError } from '../../protocol/errors';

export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 15 * 60_000;

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: BACKOFF_BASE_MS, capMs: BACKOFF_CAP_MS };

/** The delay before the attempt after `attempts` failures, with `random` in [0, 1). */
export function backoffDelay(attempts: number, random: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  if (!Number.isSafeInteger(attempts) || attempts < 1) throw new VaultError('BAD_INPUT', 'backoff counts failed attempts from 1');
  if (!(random >= 0 && random < 1)) throw new VaultError('BAD_INPUT', 'jitter comes from a number in [0, 1)');
  const nominal = Math.min(policy.baseMs * 2 ** Math.min(attempts - 1, 52), policy.capMs);
  return Math.round(nominal * (0.5 + random / 2));
}
