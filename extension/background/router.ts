/**
 * The background's message router: one handler per name in the message map (a missing handler does
 * not compile), a per-message sender policy, and run-time validation of every request and response.
 *
 * Order of checks: sender known → envelope well-formed → name known → sender allowed for this name →
 * request matches its schema → handler. Each failure answers a clear error code; a handler's
 * unexpected exception answers INTERNAL with a generic message (details go to the console, which
 * never sees secrets because handlers never throw them).
 */
import { VaultError } from '../../shared/protocol/errors';
import { envelopeSchema, type Reply } from '../../shared/protocol/envelope';
import { isMessageName, messageMap, type MessageName, type Req, type Res } from '../../shared/protocol/messages';
import { classifySender, type RuntimeSender, type SenderContext } from './sender';

export type Handlers = {
  [N in MessageName]: (req: Req<N>, sender: SenderContext) => Promise<Res<N>>;
};

export interface Router {
  handle(raw: unknown, sender: RuntimeSender): Promise<Reply>;
}

export function createRouter(handlers: Handlers, extensionId: string): Router {
  return {
    async handle(raw, rawSender) {
      try {
        const context = classifySender(rawSender, extensionId);
        if (context === null) throw new VaultError('FORBIDDEN_SENDER', 'sender is not this extension');
        const envelope = envelopeSchema.safeParse(raw);
        if (!envelope.success) throw new VaultError('MALFORMED_MESSAGE', 'message is not { name, req }');
        const { name, req } = envelope.data;
        if (!isMessageName(name)) throw new VaultError('UNKNOWN_MESSAGE', `unknown message "${name}"`);
        return { ok: true, res: await dispatch(handlers, name, req, context) };
      } catch (error) {
        return { ok: false, error: toErrorBody(error) };
      }
    },
  };
}

async function dispatch<N extends MessageName>(
  handlers: Handlers,
  name: N,
  rawReq: unknown,
  context: SenderContext,
): Promise<Res<N>> {
  const spec = messageMap[name];
  if (spec.sender === 'extension' && context.kind !== 'extension') {
    throw new VaultError('FORBIDDEN_SENDER', `"${name}" is only for extension pages`);
  }
  const req = spec.req.safeParse(rawReq);
  if (!req.success) throw new VaultError('MALFORMED_MESSAGE', `malformed request for "${name}"`);
  const handler = handlers[name] as (req: Req<N>, sender: SenderContext) => Promise<Res<N>>;
  const res = await handler(req.data as Req<N>, context);
  return spec.res.parse(res) as Res<N>;
}

function toErrorBody(error: unknown): { code: VaultError['code']; message: string } {
  if (error instanceof VaultError) return { code: error.code, message: error.message };
  console.error('message handler failed', error instanceof Error ? error.name : typeof error);
  return { code: 'INTERNAL', message: 'internal error' };
}
