/**
 * The security center's part of the message map (issue 11; extension pages only), kept in its own
 * file and spread into `messageMap` (messages.ts): the local security events and the person's
 * pause of sync (`security/*`), and the account on the sync server (`account/*`): what the server
 * holds about it, deleting it, and erasing the local vault afterwards.
 *
 * Answers carry event kinds, hex ids, counts, state codes and times (shared/security/
 * security-event.ts), and the server's account data as counts, sizes, ids, public keys and times
 * (api/account-data.ts): never a secret or an item.
 */
import { z } from 'zod';
import { securityEventSchema } from '../security/security-event';
import { accountDataResponseSchema } from './api/account-data';
import { deleteAccountResponseSchema } from './api/account-deletion';
import type { MessageSpec } from './content-messages';

const empty = z.object({}).strict();
const password = z.string().min(1).max(1024);

/** The words the person types to confirm deleting their account on the server. */
export const DELETE_ACCOUNT_CONFIRMATION = 'DELETE MY ACCOUNT';

export const securityCenterSchema = z
  .object({
    /** Newest first. */
    events: z.array(securityEventSchema).max(500),
    /** When the person paused sync, or null while it runs. */
    pausedAt: z.number().int().nullable(),
    /** This device's hex id once it has a sync account (to say "this device"). */
    device: z.string().regex(/^[0-9a-f]{32}$/).nullable(),
  })
  .strict();
export type SecurityCenterView = z.infer<typeof securityCenterSchema>;

/** "Rotate all keys" as the popup follows it: the phase, items re-encrypted, and the error code if it failed. */
export const rotationProgressSchema = z
  .object({
    phase: z.enum(['idle', 'user-key', 'collections', 're-encrypting', 'done', 'failed']),
    items: z.number().int().nonnegative(),
    error: z.string().max(64).optional(),
  })
  .strict();
export type RotationProgressView = z.infer<typeof rotationProgressSchema>;

export const securityMessages = {
  'security/events': { sender: 'extension', req: empty, res: securityCenterSchema },
  'security/pause': { sender: 'extension', req: empty, res: securityCenterSchema },
  'security/resume': { sender: 'extension', req: empty, res: securityCenterSchema },
  /** Start (or resume) rotating every key; answers at once, the popup follows `security/rotation`. */
  'security/rotate-keys': { sender: 'extension', req: empty, res: rotationProgressSchema },
  'security/rotation': { sender: 'extension', req: empty, res: rotationProgressSchema },
  'account/data': { sender: 'extension', req: empty, res: accountDataResponseSchema },
  'account/delete': {
    sender: 'extension',
    /** The confirmation typed exactly, and the master password (checked like unlock, throttled). */
    req: z.object({ confirmation: z.literal(DELETE_ACCOUNT_CONFIRMATION), masterPassword: password }).strict(),
    res: deleteAccountResponseSchema,
  },
  'account/erase-local': {
    sender: 'extension',
    /** Erase this browser's vault (after deleting the account, or instead of keeping it); the master password again. */
    req: z.object({ masterPassword: password }).strict(),
    res: empty,
  },
} as const satisfies Record<string, MessageSpec>;
