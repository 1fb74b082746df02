/**
 * Autofill's shared vocabulary (DESIGN.md §10): the refusal codes a fill can end with, the kinds of
 * form the content script recognises, and the commands the background sends to one frame's
 * content script. Pure and small, so the content script's bundle carries it.
 *
 * A refusal is an outcome, not an error: the popup shows its wording (keyed by code) and nothing is
 * filled. The background decides the site and frame refusals from Chrome's sender; the content
 * script decides the field refusals at fill time, in the page.
 */
import { z } from 'zod';

export const FILL_REFUSALS = [
  'locked',
  'no-page',
  'no-login',
  'wrong-site',
  'insecure-page',
  'needs-choice',
  'cross-origin-frame',
  'sandboxed-frame',
  'no-fields',
  'field-hidden',
  'field-disabled',
  'form-action-origin',
  'untrusted-event',
  'page-changed',
] as const;
export type FillRefusal = (typeof FILL_REFUSALS)[number];

export const fillOutcomeSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('filled'), fields: z.number().int().min(1).max(10) }).strict(),
  z.object({ outcome: z.literal('refused'), reason: z.enum(FILL_REFUSALS) }).strict(),
]);
export type FillOutcome = z.infer<typeof fillOutcomeSchema>;

/** What a submitted form was: a sign-in, a username-only first step, a sign-up or a password change. */
export const CAPTURE_KINDS = ['login', 'username', 'signup', 'change'] as const;
export type CaptureKind = (typeof CAPTURE_KINDS)[number];

/** Bounds shared with the vault's item limits (shortText, secret). */
export const MAX_USERNAME = 1_000;
export const MAX_PASSWORD = 10_000;

/** Commands from the background to the content script of one frame (chrome.tabs.sendMessage). */
export const contentCommandSchema = z.discriminatedUnion('command', [
  z
    .object({
      command: z.literal('fill/apply'),
      username: z.string().max(MAX_USERNAME),
      password: z.string().max(MAX_PASSWORD),
      /** The menu fills the field the person right-clicked; popup and shortcut the best form. */
      target: z.enum(['context-menu', 'best']),
    })
    .strict(),
]);
export type ContentCommand = z.infer<typeof contentCommandSchema>;
