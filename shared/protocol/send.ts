/**
 * A typed sender over any message transport: `send('app/status', {})` returns the response type
 * that belongs to the name, or throws a VaultError with the code the background answered.
 *
 * The transport is a port (a function), so popup and content script supply
 * `browser.runtime.sendMessage` while tests supply an in-memory router.
 */
import { VaultError } from './errors';
import { replySchema } from './envelope';
import { messageMap, type MessageName, type Req, type Res } from './messages';

export type MessageTransport = (envelope: { name: string; req: unknown }) => Promise<unknown>;

export function createSender(transport: MessageTransport) {
  return async function send<N extends MessageName>(name: N, req: Req<N>): Promise<Res<N>> {
    const raw = await transport({ name, req });
    const reply = replySchema.safeParse(raw);
    if (!reply.success) throw new VaultError('MALFORMED_MESSAGE', `malformed reply to ${name}`);
    if (!reply.data.ok) throw new VaultError(reply.data.error.code, reply.data.error.message);
    const res = messageMap[name].res.safeParse(reply.data.res);
    if (!res.success) throw new VaultError('MALFORMED_MESSAGE', `malformed response to ${name}`);
    return res.data as Res<N>;
  };
}

export type Send = ReturnType<typeof createSender>;
