/**
 * The part of the message map a content script may use: messages about its own frame only. Kept
 * apart so the content script's bundle carries these few schemas and not the vault's item schemas.
 */
import { z } from 'zod';
import { CAPTURE_KINDS, MAX_PASSWORD, MAX_USERNAME } from './autofill';

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
    req: z
      .object({
        loginForms: z.number().int().min(0).max(1000),
        /** Iframes with a sandbox that denies same-origin (a hint for the popup's wording only). */
        sandboxedFrames: z.number().int().min(0).max(1000).optional(),
      })
      .strict(),
    res: z.object({ candidates: z.number().int().min(0) }).strict(),
  },
  'fill/capture': {
    sender: 'content',
    req: z
      .object({ kind: z.enum(CAPTURE_KINDS), username: z.string().max(MAX_USERNAME), password: z.string().max(MAX_PASSWORD) })
      .strict(),
    res: z.object({}).strict(),
  },
  'fill/untrusted-event': {
    sender: 'content',
    req: z.object({ event: z.enum(['keydown', 'contextmenu', 'click']) }).strict(),
    res: z.object({}).strict(),
  },
} as const satisfies Record<string, MessageSpec>;
