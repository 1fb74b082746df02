/**
 * A typed sender over any message transport: `send('app/status', {})` returns the response type
 * that belongs to the name, or throws a VaultError with the code the background answered.
 *
 * The transport is a port (a function), so popup and content script supply
 * `browser.runtime.sendMessage` while tests supply an in-memory router. The map passed in decides
 * which names may be sent and validates responses: the popup passes the whole message map, the
 * content script only its own part (content-messages.ts).
 */
import type { z } from 'zod';
import type { MessageSpec } from './content-messages';
import { VaultError } from './errors';
import { replySchema } from './envelope';

export type MessageTransport = (envelope: { name: string; req: unknown }) => Promise<unknown>;

export function createSender<M extends Record<string, MessageSpec>>(map: M, transport: MessageTransport) {
  return async function send<N extends keyof M & string>(name: N, req: z.input<M[N]['req']>): Promise<z.infer<M[N]['res']>> {
    const raw = await transport({ name, req });
    const reply = replySchema.safeParse(raw);
    if (!reply.success) throw new VaultError('MALFORMED_MESSAGE', `malformed reply to ${name}`);
    if (!reply.data.ok) throw new VaultError(reply.data.error.code, reply.data.error.message);
    const spec = map[name];
    if (spec === undefined) throw new VaultError('UNKNOWN_MESSAGE', `unknown message "${name}"`);
    const res = spec.res.safeParse(reply.data.res);
    if (!res.success) throw new VaultError('MALFORMED_MESSAGE', `malformed response to ${name}`);
    return res.data as z.infer<M[N]['res']>;
  };
}
