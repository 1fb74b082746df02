/**
 * Hybrid logical clocks (Kulkarni et al., "Logical Physical Clocks", 2014): a timestamp
 * {wall ms, counter} that never goes backwards on one device, moves past every timestamp the device
 * has seen, and stays close to real time. Ties between devices are broken by device id, so every
 * device orders any two writes the same way (DESIGN.md §6 "Merge"). Refuses timestamps more than a
 * day ahead of the local clock (a lying peer could otherwise freeze everyone's clock in the future).
 */
import { VaultError } from '../protocol/errors';

export interface Hlc {
  readonly wall: number;
  readonly counter: number;
}

/** A stamp: a clock reading plus the device that made it, totally ordered. */
export interface Stamp extends Hlc {
  readonly device: string;
}

export const MAX_AHEAD_MS = 24 * 3600 * 1000;

export function compareStamps(a: Stamp, b: Stamp): number {
  if (a.wall !== b.wall) return a.wall < b.wall ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  if (a.device !== b.device) return a.device < b.device ? -1 : 1;
  return 0;
}

/** The next local timestamp after `last`, at physical time `now`. */
export function tick(last: Hlc, now: number): Hlc {
  if (now > last.wall) return { wall: now, counter: 0 };
  return { wall: last.wall, counter: last.counter + 1 };
}

/** The local clock after seeing `remote`: beyond both, refusing one too far in the future. */
export function receive(last: Hlc, remote: Hlc, now: number): Hlc {
  if (remote.wall > now + MAX_AHEAD_MS) throw new VaultError('BAD_RECORD', 'a timestamp is more than a day in the future');
  const wall = Math.max(last.wall, remote.wall, now);
  if (wall === last.wall && wall === remote.wall) return { wall, counter: Math.max(last.counter, remote.counter) + 1 };
  if (wall === last.wall) return { wall, counter: last.counter + 1 };
  if (wall === remote.wall) return { wall, counter: remote.counter + 1 };
  return { wall, counter: 0 };
}
