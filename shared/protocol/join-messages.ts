/**
 * The new device's side of pairing as the join page sees it (DESIGN.md §7, docs/pairing.md §19):
 * `join/*` messages, from extension pages only. No key, secret, invite secret or snapshot ever
 * crosses this seam: the page sends the invite text (which it scanned or was given) and the new
 * master password; it gets back the vault fingerprint as people compare it, the server, the
 * six-digit code to show, the progress of the first sync, and refusals as machine codes.
 */
import { z } from 'zod';
import type { MessageSpec } from './content-messages';

/** An invite's text is at most 1024 characters (docs/pairing.md §1); a little slack for a paste with spaces. */
const inviteText = z.string().min(1).max(2048);

export const JOIN_PHASES = [
  /** Nothing in progress. */
  'none',
  /** The hello is being posted. */
  'connecting',
  /** The offer arrived: `code` is the SAS to show; waiting for the person to pick it on the other device. */
  'code',
  /** The other device approved: waiting for this browser's master password. */
  'approved',
  /** Keys, first sync, pins, then the vault is written (see `progress`). */
  'finishing',
  /** The vault is stored and unlocked. */
  'done',
  'failed',
  /** The worker restarted during the exchange: start again on the other device. */
  'interrupted',
] as const;

export const joinStatusSchema = z
  .object({
    phase: z.enum(JOIN_PHASES),
    /** The vault fingerprint as people compare it (fingerprint-text.ts), and the server, once an exchange runs. */
    fingerprint: z.string().max(40).optional(),
    server: z.string().max(300).optional(),
    code: z.string().regex(/^[0-9]{6}$/).optional(),
    progress: z.object({ step: z.number().int().min(1).max(10), of: z.number().int().min(1).max(10), label: z.string().max(200) }).strict().optional(),
    /** Messages on the relay that did not authenticate under this invite and were ignored. */
    refused: z.number().int().min(0).optional(),
    error: z.object({ code: z.string().max(64), message: z.string().max(500) }).strict().optional(),
  })
  .strict();
export type JoinStatusView = z.infer<typeof joinStatusSchema>;

export const joinMessages = {
  /** Decode an invite (nothing is sent): what it names, to show before joining. VAULT_EXISTS, BAD_ENCODING, UNKNOWN_VERSION. */
  'join/inspect': {
    sender: 'extension',
    req: z.object({ invite: inviteText }).strict(),
    res: z.object({ fingerprint: z.string().max(40), server: z.string().max(300) }).strict(),
  },
  /** The person confirmed the fingerprint: fresh device keys, the hello is posted. */
  'join/start': { sender: 'extension', req: z.object({ invite: inviteText }).strict(), res: joinStatusSchema },
  'join/status': { sender: 'extension', req: z.object({}).strict(), res: joinStatusSchema },
  /** This browser's master password (strength policy as for a new vault); the join finishes in the background. */
  'join/finish': { sender: 'extension', req: z.object({ password: z.string().min(1).max(1024) }).strict(), res: joinStatusSchema },
  'join/cancel': { sender: 'extension', req: z.object({}).strict(), res: joinStatusSchema },
} as const satisfies Record<string, MessageSpec>;
