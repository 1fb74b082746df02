/**
 * The `devices/*` messages (extension pages only) of the trust view and revocation
 * (docs/trust-view.md): the devices of the verified identity chain with their state, the chain as
 * an audit log and its JSON export, revoking a device after the master password is re-entered and
 * the rotation that follows (with progress, resumable), what the revoked device could read, and the
 * notice a removed device shows after wiping its vault. Spread into the one message map
 * (messages.ts).
 */
import { z } from 'zod';
import type { MessageSpec } from './content-messages';

const empty = z.object({}).strict();
const done = z.object({}).strict();
const password = z.string().min(1).max(1024);
const deviceId = z.string().regex(/^[0-9a-f]{32}$/);

export const trustedDeviceSchema = z
  .object({
    id: deviceId,
    fingerprint: z.string(),
    thisDevice: z.boolean(),
    state: z.enum(['trusted', 'pending', 'revoked', 'stale']),
    approvedBy: z.string().nullable(),
    addedClaimedAt: z.number(),
    revokedClaimedAt: z.number().nullable(),
    lastHeartbeat: z.number().nullable(),
    enrolled: z.array(deviceId),
    /** Its name and platform as its own sealed profile claims them, or null ("unnamed device"). */
    profile: z.object({ name: z.string(), platform: z.string() }).strict().nullable(),
    approvedByName: z.string().nullable(),
  })
  .strict();
export type TrustedDeviceView = z.infer<typeof trustedDeviceSchema>;

export const auditLineSchema = z
  .object({ seq: z.number().int().min(0), op: z.string(), by: z.string(), byFingerprint: z.string(), claimedAt: z.string(), subject: z.string().nullable() })
  .strict();
export type AuditLineView = z.infer<typeof auditLineSchema>;

export const trustViewSchema = z
  .object({
    /** The vault fingerprint (identity id) as people compare it. */
    fingerprint: z.string(),
    stateCode: z.string().nullable(),
    devices: z.array(trustedDeviceSchema),
    audit: z.array(auditLineSchema),
  })
  .strict();
export type TrustViewData = z.infer<typeof trustViewSchema>;

export const exposureSchema = z
  .object({
    /** Every item (history and trash included) the revoked device held a key for; machine secrets first. */
    items: z.array(z.object({ id: z.string(), name: z.string(), type: z.string(), machine: z.boolean(), history: z.number().int().min(0), trashed: z.boolean() }).strict()),
    /** Devices the revoked device enrolled, still trusted or not. */
    enrolled: z.array(z.object({ id: deviceId, fingerprint: z.string(), trusted: z.boolean(), name: z.string().nullable() }).strict()),
  })
  .strict();
export type ExposureView = z.infer<typeof exposureSchema>;

export const rotationStatusSchema = z
  .object({
    phase: z.enum(['idle', 'revoking', 'rotating', 'done', 'failed']),
    target: deviceId.nullable(),
    targetFingerprint: z.string().nullable(),
    done: z.number().int().min(0),
    total: z.number().int().min(0),
    error: z.string().nullable(),
    exposure: exposureSchema.nullable(),
  })
  .strict();
export type RotationStatusView = z.infer<typeof rotationStatusSchema>;

export const removedNoticeSchema = z
  .object({ notice: z.object({ by: z.string(), claimedAt: z.number() }).strict().nullable() })
  .strict();

export const deviceMessages = {
  'devices/view': { sender: 'extension', req: empty, res: trustViewSchema },
  'devices/export-audit': { sender: 'extension', req: empty, res: z.object({ fileName: z.string(), json: z.string() }).strict() },
  'devices/revoke': {
    sender: 'extension',
    /** The master password again: revoking is as consequential as adding. */
    req: z.object({ device: deviceId, masterPassword: password }).strict(),
    res: rotationStatusSchema,
  },
  'devices/rotation': { sender: 'extension', req: empty, res: rotationStatusSchema },
  'devices/dismiss-rotation': { sender: 'extension', req: empty, res: rotationStatusSchema },
  'devices/removed': { sender: 'extension', req: empty, res: removedNoticeSchema },
  'devices/dismiss-removed': { sender: 'extension', req: empty, res: done },
  /** "Rename this device": carried, sealed, by this device's next heartbeat. */
  'devices/rename': { sender: 'extension', req: z.object({ name: z.string().max(256) }).strict(), res: z.object({ name: z.string(), platform: z.string() }).strict() },
} as const satisfies Record<string, MessageSpec>;
