/**
 * The one message map between the popup, the content script and the background worker.
 *
 * Each entry names a message, its request and response types (as zod schemas, so the router can
 * refuse malformed requests at run time) and who may send it: `extension` (an extension page such as
 * the popup) or `content` (a content script, which may only ask about its own tab and frame; the
 * background takes the tab, frame and origin from Chrome's sender, never from the message).
 * Every schema is `.strict()`: unknown fields are refused.
 */
import { z } from 'zod';

export const vaultStateSchema = z.enum(['no-vault', 'locked', 'unlocked']);
export type VaultState = z.infer<typeof vaultStateSchema>;

const empty = z.object({}).strict();

export const messageMap = {
  'app/status': {
    sender: 'extension',
    req: empty,
    res: z.object({ version: z.string(), vault: vaultStateSchema }).strict(),
  },
  'fill/frame-ready': {
    sender: 'content',
    req: z.object({ loginForms: z.number().int().min(0).max(1000) }).strict(),
    res: z.object({ candidates: z.number().int().min(0) }).strict(),
  },
} as const satisfies Record<string, MessageSpec>;

/** Who may send a message: an extension page, or a content script about its own frame. */
export type SenderKind = 'extension' | 'content';

interface MessageSpec {
  sender: SenderKind;
  req: z.ZodType;
  res: z.ZodType;
}

export type MessageMap = typeof messageMap;
export type MessageName = keyof MessageMap;
export type Req<N extends MessageName> = z.infer<MessageMap[N]['req']>;
export type Res<N extends MessageName> = z.infer<MessageMap[N]['res']>;

export const MESSAGE_NAMES = Object.keys(messageMap) as MessageName[];

export function isMessageName(value: unknown): value is MessageName {
  return typeof value === 'string' && Object.hasOwn(messageMap, value);
}
