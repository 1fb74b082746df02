import { describe, expect, it } from 'vitest';
import { VaultError } from '../../../shared/protocol/errors';
import { MESSAGE_NAMES } from '../../../shared/protocol/messages';
import type { LoginItem } from '../../../shared/vault/item-types';
import { captureService } from '../autofill/capture-service';
import { fillService } from '../autofill/fill-service';
import { frameRegistry } from '../autofill/frame-registry';
import { lastUsedMap } from '../autofill/last-used';
import { createRouter, type Handlers } from '../router';
import type { RuntimeSender } from '../sender';
import { autofillHandlers } from './autofill';

const ID = 'iffadjdblfbjjmcgbbebhflallnmdckk';
const popup: RuntimeSender = { id: ID, url: `chrome-extension://${ID}/extension/popup/index.html` };
const SHOP: LoginItem = {
  type: 'login', id: 'shopshopshopshopshopAA', name: 'Shop', username: 'alice', password: 'secret', urls: [{ url: 'https://shop.example', match: 'origin' }],
  tags: [], favourite: false, notes: '', customFields: [], createdAt: 0, updatedAt: 0, trashedAt: null, history: [],
};

function frameOf(url: string, frameId: number, documentId: string): RuntimeSender {
  return { id: ID, url, origin: new URL(url).origin, tab: { id: 7 }, frameId, documentId };
}

function setup() {
  const registry = frameRegistry({ load: async () => ({}), save: async () => undefined });
  const lastUsed = lastUsedMap({ load: async () => ({}), save: async () => undefined }, () => 1);
  const sent: Array<{ frameId: number; documentId?: string }> = [];
  const logins = async () => [SHOP];
  const fill = fillService({
    registry,
    lastUsed,
    logins,
    sendToFrame: async (_tab, frame) => {
      sent.push({ frameId: frame.frameId, ...(frame.documentId === undefined ? {} : { documentId: frame.documentId }) });
      return { outcome: 'filled', fields: 2 };
    },
  });
  const capture = captureService({ registry, logins, save: async () => 'x', now: () => 0 });
  const unused = Object.fromEntries(MESSAGE_NAMES.map((n) => [n, async () => Promise.reject(new VaultError('INTERNAL', n))])) as unknown as Handlers;
  const router = createRouter({ ...unused, ...autofillHandlers({ registry, fill, capture, countCandidates: async () => 0 }) }, ID);
  return { router, registry, sent };
}

describe('autofill handlers behind the router', () => {
  it('registers each frame as Chrome reported it, without query or fragment', async () => {
    const { router, registry } = setup();
    await router.handle({ name: 'fill/frame-ready', req: { loginForms: 1 } }, frameOf('https://shop.example/login?token=abc#x', 0, 'D0'));
    expect(await registry.top(7)).toEqual({ frameId: 0, origin: 'https://shop.example', url: 'https://shop.example/login', documentId: 'D0', loginForms: 1, sandboxedFrames: 0 });
  });

  it('refuses Fill, status and save answers from a content script', async () => {
    const { router, sent } = setup();
    const page = frameOf('https://shop.example/login', 0, 'D0');
    for (const [name, req] of [
      ['autofill/fill', { tabId: 7, id: SHOP.id, allowDomain: true }],
      ['autofill/status', { tabId: 7 }],
      ['autofill/capture-answer', { tabId: 7, answer: 'save' }],
    ] as const) {
      expect(await router.handle({ name, req }, page)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    }
    expect(sent).toEqual([]);
  });

  it('fills for the popup into the registered document of the matching frame only', async () => {
    const { router, sent } = setup();
    await router.handle({ name: 'fill/frame-ready', req: { loginForms: 0 } }, frameOf('https://shop.example/', 0, 'D0'));
    await router.handle({ name: 'fill/frame-ready', req: { loginForms: 1 } }, frameOf('https://evil.example/login', 5, 'D5'));
    await router.handle({ name: 'fill/frame-ready', req: { loginForms: 1 } }, frameOf('https://shop.example/login', 6, 'D6'));
    const reply = await router.handle({ name: 'autofill/fill', req: { tabId: 7, id: SHOP.id, allowDomain: false } }, popup);
    expect(reply).toEqual({ ok: true, res: { outcome: 'filled', fields: 2 } });
    expect(sent).toEqual([{ frameId: 6, documentId: 'D6' }]);
  });

  it('never registers a sandboxed frame, whose origin is opaque', async () => {
    const { router, registry } = setup();
    const sandboxed: RuntimeSender = { ...frameOf('https://shop.example/login', 3, 'D3'), origin: 'null' };
    expect(await router.handle({ name: 'fill/frame-ready', req: { loginForms: 1 } }, sandboxed)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(await registry.frames(7)).toEqual([]);
  });
});
