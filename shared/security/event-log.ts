/**
 * The local security event log (issue 11): events in the order this device noticed them, one per
 * key, the newest `EVENT_LOG_LIMIT` kept. Recording an event whose key is already in the log (the
 * same chain entry after a re-pin, the same freeze seen by every later sync) changes nothing, so
 * each event is recorded — and notified — once. Pure: returns new values, never mutates input.
 */
import type { SecurityEvent } from './security-event';

export const EVENT_LOG_LIMIT = 500;

/** Keys of events dropped off the end are remembered this long, so an old event is not recorded again. */
export const FORGOTTEN_KEYS_LIMIT = 2000;

export interface EventLog {
  readonly events: readonly SecurityEvent[];
  /** Keys of events dropped by the limit (newest last). */
  readonly dropped: readonly string[];
}

export const EMPTY_EVENT_LOG: EventLog = { events: [], dropped: [] };

/** Add the events whose keys are new; returns the log and the events actually added. */
export function recordEvents(log: EventLog, events: readonly SecurityEvent[]): { log: EventLog; added: SecurityEvent[] } {
  const known = new Set([...log.events.map((event) => event.key), ...log.dropped]);
  const added: SecurityEvent[] = [];
  for (const event of events) {
    if (known.has(event.key)) continue;
    known.add(event.key);
    added.push(event);
  }
  if (added.length === 0) return { log, added };
  const all = [...log.events, ...added];
  const overflow = Math.max(0, all.length - EVENT_LOG_LIMIT);
  const dropped = [...log.dropped, ...all.slice(0, overflow).map((event) => event.key)].slice(-FORGOTTEN_KEYS_LIMIT);
  return { log: { events: all.slice(overflow), dropped }, added };
}
