import { describe, expect, it } from 'vitest';
import { VaultError } from '../../shared/protocol/errors';
import { MESSAGE_NAMES } from '../../shared/protocol/messages';
import { createRouter, type Handlers } from './router';
import type { RuntimeSender } from './sender';

const ID = 'iffadjdblfbjjmcgbbebhflallnmdckk';
const popup: RuntimeSender = { id: ID, url: `chrome-extension://${ID}/extension/popup/index.html` };
const contentScript: RuntimeSender = {
  id: ID,
  url: 'https://shop.example/login',
  origin: 'https://shop.example',
  tab: { id: 7, url: 'https://shop.example/login' },
  frameId: 0,
};

function routerWith(overrides: Partial<Handlers> = {}) {
  const seen: unknown[] = [];
  const unused = Object.fromEntries(
    MESSAGE_NAMES.map((name) => [name, async () => Promise.reject(new VaultError('INTERNAL', `${name} not used here`))]),
  ) as unknown as Handlers;
  const handlers: Handlers = {
    ...unused,
    'app/status': async () => ({ version: '0.1.0', vault: 'no-vault' }),
    'fill/frame-ready': async (_req, sender) => {
      seen.push(sender);
      return { candidates: 0 };
    },
    ...overrides,
  };
  return { router: createRouter(handlers, ID), seen };
}

describe('background router', () => {
  it('answers an extension page with the typed response', async () => {
    const { router } = routerWith();
    const reply = await router.handle({ name: 'app/status', req: {} }, popup);
    expect(reply).toEqual({ ok: true, res: { version: '0.1.0', vault: 'no-vault' } });
  });

  it('refuses an extension-only message from a content script', async () => {
    const { router } = routerWith();
    const reply = await router.handle({ name: 'app/status', req: {} }, contentScript);
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });

  it('gives a content script its own tab, frame and origin from Chrome, not from the message', async () => {
    const { router, seen } = routerWith();
    const reply = await router.handle({ name: 'fill/frame-ready', req: { loginForms: 1 } }, contentScript);
    expect(reply).toEqual({ ok: true, res: { candidates: 0 } });
    expect(seen).toEqual([
      { kind: 'content', tabId: 7, frameId: 0, origin: 'https://shop.example', url: 'https://shop.example/login' },
    ]);
  });

  it('refuses a content script that tries to smuggle another tab into the request', async () => {
    const { router, seen } = routerWith();
    const reply = await router.handle({ name: 'fill/frame-ready', req: { loginForms: 1, tabId: 3 } }, contentScript);
    expect(reply).toMatchObject({ ok: false, error: { code: 'MALFORMED_MESSAGE' } });
    expect(seen).toEqual([]);
  });

  it('refuses messages from another extension', async () => {
    const { router } = routerWith();
    const other = { id: 'abcdefghijklmnopabcdefghijklmnop', url: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/x.html' };
    expect(await router.handle({ name: 'app/status', req: {} }, other)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    });
  });

  it('refuses a content script whose claimed origin differs from its URL', async () => {
    const { router } = routerWith();
    const liar = { ...contentScript, origin: 'https://bank.example' };
    expect(await router.handle({ name: 'fill/frame-ready', req: { loginForms: 0 } }, liar)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    });
  });

  it('answers an unknown message name with UNKNOWN_MESSAGE', async () => {
    const { router } = routerWith();
    const reply = await router.handle({ name: 'vault/steal', req: {} }, popup);
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_MESSAGE' } });
  });

  it.each([null, 'app/status', { name: 'app/status' }, { name: 'app/status', req: {}, extra: 1 }, { name: 42, req: {} }])(
    'answers the malformed envelope %j with MALFORMED_MESSAGE',
    async (raw) => {
      const { router } = routerWith();
      expect(await router.handle(raw, popup)).toMatchObject({ ok: false, error: { code: 'MALFORMED_MESSAGE' } });
    },
  );

  it('passes a handler VaultError through with its code', async () => {
    const { router } = routerWith({
      'app/status': async () => {
        throw new VaultError('LOCKED', 'vault is locked');
      },
    });
    expect(await router.handle({ name: 'app/status', req: {} }, popup)).toEqual({
      ok: false,
      error: { code: 'LOCKED', message: 'vault is locked' },
    });
  });

  it('hides unexpected handler errors behind INTERNAL', async () => {
    const { router } = routerWith({
      'app/status': async () => {
        throw new Error('secret detail hunter2');
      },
    });
    const reply = await router.handle({ name: 'app/status', req: {} }, popup);
    expect(reply).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
  });

  it('refuses a response that does not match its schema', async () => {
    const { router } = routerWith({
      'app/status': async () => ({ version: '1', vault: 'open-sesame' }) as never,
    });
    expect(await router.handle({ name: 'app/status', req: {} }, popup)).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });
});
