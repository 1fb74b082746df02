/**
 * The security event log as stored on the device (docs/data-flows.md): the events, the marks of
 * what was already turned into events (derive-events.ts) and whether the person paused sync, as
 * JSON sealed with XChaCha20-Poly1305 under the vault's bundle key (shared/crypto/aead.ts).
 *
 *   AD = UTF-8 "security-log/v1:" ‖ vault   (vault = the personal collection id)
 *
 * Why sealed although no event holds a secret: the log says which devices did what and when, and
 * that an attack was seen; sealed, it is readable only while the vault is unlocked, and a local
 * change to it (hiding an event, unpausing sync) does not open. Events are only recorded during
 * sync, which runs only unlocked, so the key is always at hand.
 *
 * Refuses: a box that does not open or whose contents do not match the schema (BAD_RECORD).
 */
import { z } from 'zod';
import { open, seal } from '../crypto/aead';
import { VaultError } from '../protocol/errors';
import { EMPTY_EVENT_LOG, type EventLog } from './event-log';
import { NO_MARKS, type EventMarks } from './derive-events';
import { securityEventSchema } from './security-event';

export interface SecurityLog {
  readonly log: EventLog;
  readonly marks: EventMarks;
  /** Set while the person has paused sync ("freeze sync"), with when they did. */
  readonly paused: { readonly at: number } | null;
}

export const EMPTY_SECURITY_LOG: SecurityLog = { log: EMPTY_EVENT_LOG, marks: NO_MARKS, paused: null };

const count = z.number().int().nonnegative();
const schema = z
  .object({
    log: z.object({ events: z.array(securityEventSchema), dropped: z.array(z.string().max(200)) }).strict(),
    marks: z
      .object({
        chains: z.record(z.string().max(200), count),
        quarantine: z.record(z.string().max(64), count),
        stall: z.record(z.string().max(64), z.object({ seq: count, since: z.number().int(), runs: count }).strict()),
      })
      .strict(),
    paused: z.object({ at: z.number().int() }).strict().nullable(),
  })
  .strict();

const ad = (vault: string) => new TextEncoder().encode(`security-log/v1:${vault}`);

export function sealSecurityLog(bundleKey: Uint8Array, vault: string, value: SecurityLog): Uint8Array {
  return seal(bundleKey, new TextEncoder().encode(JSON.stringify(value)), ad(vault));
}

export function openSecurityLog(bundleKey: Uint8Array, vault: string, sealed: Uint8Array): SecurityLog {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(open(bundleKey, sealed, ad(vault))));
  } catch {
    throw new VaultError('BAD_RECORD', 'the security event log does not open');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new VaultError('BAD_RECORD', 'the security event log is not in the expected form');
  return parsed.data;
}
