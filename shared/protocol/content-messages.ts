/**
 * The part of the message map a content script may use: messages about its own frame only. Kept
 * apart so the content script's bundle carries these few schemas and not the vault's item schemas.
 */
import { z } from 'zod';

/** Who may send a message: an extension page, or a content script about its own frame. */
export type SenderKind = 'extension' | 'content';

export interface MessageSpec {
  sender: SenderKind;
  req: z.ZodType;
  res: z.ZodType;
}

export const contentMessages = {
  'fill/frame-ready': {
    sender: 'content',
    req: z.object({ loginForms: z.number().int().min(0).max(1000) }).strict(),
    res: z.object({ candidates: z.number().int().min(0) }).strict(),
  },
} as const satisfies Record<string, MessageSpec>;
