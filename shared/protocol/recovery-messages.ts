/**
 * The `recovery/*` messages (extension pages only), spread into the one message map (messages.ts):
 * the recovery kit of this vault (make, confirm by retyping two groups, postpone, status), the
 * alert shown when the recovery key signed (DESIGN.md §7), and restoring a fresh browser with a kit
 * (inspect the kit against the server's chain, prepare the plan and the new kit, start after the new
 * kit is confirmed, progress). docs/recovery-ui.md. Every schema is `.strict()`.
 */
import { z } from 'zod';
import type { MessageSpec } from './content-messages';

const empty = z.object({}).strict();
const done = z.object({}).strict();
const password = z.string().min(1).max(1024);
const time = z.number().int().min(0);
/** Kit text as typed: 85 characters in groups, with room for spaces and line breaks. */
const kitText = z.string().min(1).max(200);
const group = z.string().max(20);

export const recoveryKitSchema = z
  .object({
    /** The kit as text, 17 groups of 5; shown once. */
    text: z.string().max(120),
    /** The two groups (0-based) the person must retype. */
    confirm: z.tuple([z.number().int().min(0).max(16), z.number().int().min(0).max(16)]),
  })
  .strict();
export type RecoveryKitView = z.infer<typeof recoveryKitSchema>;

export const recoveryKitStatusSchema = z
  .object({
    /** none: no kit; waiting: confirmed, not yet in the identity chain (not connected); registered; elsewhere: set by another device. */
    kit: z.enum(['none', 'waiting', 'registered', 'elsewhere']),
    connected: z.boolean(),
    postponed: z.boolean(),
    progress: z.string().nullable(),
    error: z.string().nullable(),
    confirmedAt: time.nullable(),
    registeredAt: time.nullable(),
  })
  .strict();
export type RecoveryKitStatusView = z.infer<typeof recoveryKitStatusSchema>;

export const recoveryAlertSchema = z
  .object({
    /** Identity-chain positions of the entries the recovery key signed. */
    entries: z.array(z.number().int().min(0)).max(50),
    firstSeenAt: time,
    lastSeenAt: time,
  })
  .strict();
export type RecoveryAlertView = z.infer<typeof recoveryAlertSchema>;

export const restoreDeviceSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
    fingerprint: z.string().max(40),
    /** The vault's first device (made the vault). */
    first: z.boolean(),
    /** Its add-device entry's position in the identity chain. */
    addedAt: z.number().int().min(0),
  })
  .strict();
export type RestoreDeviceView = z.infer<typeof restoreDeviceSchema>;

export const restorePhaseSchema = z.enum(['idle', 'prepared', 'enrolling', 'reading', 'rotating', 'saving', 'done', 'failed']);
export const restoreStatusSchema = z
  .object({
    phase: restorePhaseSchema,
    error: z.string().nullable(),
    revoked: z.number().int().min(0),
    items: z.number().int().min(0),
  })
  .strict();
export type RestoreStatusView = z.infer<typeof restoreStatusSchema>;

const restoreTarget = { kit: kitText, server: z.string().min(1).max(2048) };

export const recoveryMessages = {
  'recovery/kit-status': { sender: 'extension', req: empty, res: recoveryKitStatusSchema },
  'recovery/kit-begin': { sender: 'extension', req: empty, res: recoveryKitSchema },
  'recovery/kit-confirm': { sender: 'extension', req: z.object({ answers: z.tuple([group, group]) }).strict(), res: recoveryKitStatusSchema },
  'recovery/kit-postpone': { sender: 'extension', req: empty, res: recoveryKitStatusSchema },
  'recovery/kit-cancel': { sender: 'extension', req: empty, res: done },
  'recovery/alert': { sender: 'extension', req: empty, res: z.object({ alert: recoveryAlertSchema.nullable() }).strict() },
  'recovery/alert-dismiss': { sender: 'extension', req: empty, res: done },
  'recovery/restore-inspect': {
    sender: 'extension',
    req: z.object(restoreTarget).strict(),
    res: z.object({ devices: z.array(restoreDeviceSchema).max(200) }).strict(),
  },
  'recovery/restore-prepare': {
    sender: 'extension',
    /** `keep`: device ids (base64url) to leave trusted; the default is none. */
    req: z.object({ ...restoreTarget, keep: z.array(z.string().regex(/^[A-Za-z0-9_-]{22}$/)).max(200), password }).strict(),
    res: recoveryKitSchema.extend({ revoke: z.number().int().min(0) }).strict(),
  },
  'recovery/restore-start': { sender: 'extension', req: z.object({ answers: z.tuple([group, group]) }).strict(), res: restoreStatusSchema },
  'recovery/restore-status': { sender: 'extension', req: empty, res: restoreStatusSchema },
  'recovery/restore-cancel': { sender: 'extension', req: empty, res: restoreStatusSchema },
} as const satisfies Record<string, MessageSpec>;
