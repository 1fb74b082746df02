/**
 * Security events (DESIGN.md §9 "Audit", issue 11): what each device records locally when sync
 * shows it something a person should know about — a device enrolled or revoked, a user key or
 * collection key rotated, a recovery key set, revoked or used, a member added, removed or given
 * another role, records that did not open (BAD_RECORD), a collection frozen by a failed check
 * (ROLLBACK, FORK, OMISSION, …), a log sequence that stops advancing while other devices report
 * newer heads, and the person's own pause and resume of sync.
 *
 * An event holds kinds, hex ids, counts, state codes and times only: never a secret, an item id
 * or name, a URL, a key or a device name. Its `key` names what it is about (a chain position, a
 * collection and state, a log seq), so recording the same thing twice keeps one event.
 */
import { z } from 'zod';

export const SECURITY_EVENT_KINDS = [
  'device-enrolled',
  'device-revoked',
  'user-key-rotated',
  'recovery-key-set',
  'recovery-key-revoked',
  'recovery-key-used',
  'collection-key-rotated',
  'member-added',
  'member-removed',
  'member-role-changed',
  'bad-record',
  'sync-state',
  'sequence-stalled',
  'sync-paused',
  'sync-resumed',
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

const hex = z.string().regex(/^[0-9a-f]{1,128}$/);

export const securityEventSchema = z
  .object({
    /** What the event is about; one event per key (chain position, collection and state, …). */
    key: z.string().min(1).max(200),
    kind: z.enum(SECURITY_EVENT_KINDS),
    /** When this device noticed it (ms). */
    at: z.number().int(),
    /** The time the author claims (chain entries); a claim, never used for ordering. */
    claimedAt: z.number().int().optional(),
    /** Hex id of the device (or recovery signing key) that did it, when known. */
    by: hex.optional(),
    /** `by` is a recovery key rather than a device. */
    byRecovery: z.boolean().optional(),
    /** Hex id of the device or identity concerned (the one enrolled, revoked, added, removed). */
    subject: hex.optional(),
    /** Hex collection id. */
    collection: hex.optional(),
    /** The freezing state (sync-state events). */
    state: z.string().regex(/^[A-Z_]{1,32}$/).optional(),
    /** Records (bad-record), user-key generation or epoch (rotations), or the seq reported (stalled). */
    count: z.number().int().nonnegative().optional(),
    /** Worth a notification: not the person's own action on this device. */
    notify: z.boolean(),
  })
  .strict();
export type SecurityEvent = z.infer<typeof securityEventSchema>;
