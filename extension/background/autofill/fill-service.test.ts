import { describe, expect, it } from 'vitest';
import { VaultError } from '../../../shared/protocol/errors';
import type { ContentCommand, FillOutcome } from '../../../shared/protocol/autofill';
import type { LoginItem } from '../../../shared/vault/item-types';
import { captureService } from './capture-service';
import { fillService } from './fill-service';
import { frameRegistry, type FrameInfo } from './frame-registry';
import { lastUsedMap } from './last-used';

const TAB = 7;

function login(id: string, name: string, url: string, username = 'alice', password = 'pw-' + id): LoginItem {
  return {
    type: 'login', id: id.padEnd(22, 'A'), name, username, password, urls: [{ url, match: 'origin' }],
    tags: [], favourite: false, notes: '', customFields: [], createdAt: 0, updatedAt: 0, trashedAt: null, history: [],
  };
}

const SHOP = login('shop', 'Shop', 'https://shop.example');
const SHOP_OLD = login('old', 'Old shop', 'https://shop.example', 'old');
const ACCOUNTS = login('acc', 'Accounts', 'https://accounts.shop.example');
const EVIL = login('evil', 'Evil', 'https://evil.example');

function frame(frameId: number, origin: string, loginForms = 1, sandboxedFrames = 0): FrameInfo {
  return { frameId, origin, url: `${origin}/login`, documentId: `doc-${frameId}`, loginForms, sandboxedFrames };
}

function setup(options: { locked?: boolean; reply?: FillOutcome } = {}) {
  const sent: Array<{ frame: FrameInfo; command: ContentCommand }> = [];
  let saved: Record<string, number> = {};
  const registry = frameRegistry({ load: async () => ({}), save: async () => undefined });
  let clock = 1000;
  const lastUsed = lastUsedMap({ load: async () => saved, save: async (map) => void (saved = { ...map }) }, () => clock++);
  const logins = async () => {
    if (options.locked === true) throw new VaultError('LOCKED', 'locked');
    return [SHOP, SHOP_OLD, ACCOUNTS, EVIL];
  };
  const service = fillService({
    registry,
    lastUsed,
    logins,
    sendToFrame: async (_tab, f, command) => {
      sent.push({ frame: f, command });
      return options.reply ?? { outcome: 'filled', fields: 2 };
    },
  });
  return { service, registry, sent, lastUsed };
}

describe('fillService', () => {
  it('fills an exact-origin login into the top frame with that login’s credentials only', async () => {
    const { service, registry, sent } = setup();
    await registry.announce(TAB, frame(0, 'https://shop.example'));
    expect(await service.fill(TAB, SHOP.id, false)).toEqual({ outcome: 'filled', fields: 2 });
    expect(sent).toEqual([{ frame: frame(0, 'https://shop.example'), command: { command: 'fill/apply', username: 'alice', password: SHOP.password, target: 'best' } }]);
  });

  it('never sends credentials to a frame whose origin differs from the top frame', async () => {
    const { service, registry, sent } = setup();
    await registry.announce(TAB, frame(0, 'https://shop.example', 0));
    await registry.announce(TAB, frame(3, 'https://evil.example'));
    expect(await service.fill(TAB, SHOP.id, false)).toEqual({ outcome: 'refused', reason: 'cross-origin-frame' });
    expect(sent).toEqual([]);
  });

  it('names a sandboxed frame when the top frame reports one and no frame can fill', async () => {
    const { service, registry, sent } = setup();
    await registry.announce(TAB, frame(0, 'https://shop.example', 0, 1));
    expect(await service.fill(TAB, SHOP.id, false)).toEqual({ outcome: 'refused', reason: 'sandboxed-frame' });
    expect(sent).toEqual([]);
  });

  it('refuses another site’s login, an https login on http, and a domain login not chosen', async () => {
    const { service, registry, sent } = setup();
    await registry.announce(TAB, frame(0, 'https://shop.example'));
    expect(await service.fill(TAB, EVIL.id, true)).toEqual({ outcome: 'refused', reason: 'wrong-site' });
    expect(await service.fill(TAB, ACCOUNTS.id, false)).toEqual({ outcome: 'refused', reason: 'needs-choice' });
    await registry.announce(TAB + 1, frame(0, 'http://shop.example'));
    expect(await service.fill(TAB + 1, SHOP.id, true)).toEqual({ outcome: 'refused', reason: 'insecure-page' });
    expect(sent).toEqual([]);
    expect(await service.fill(TAB, ACCOUNTS.id, true)).toEqual({ outcome: 'filled', fields: 2 });
  });

  it('answers locked and no-page without sending anything', async () => {
    const locked = setup({ locked: true });
    await locked.registry.announce(TAB, frame(0, 'https://shop.example'));
    expect(await locked.service.fill(TAB, SHOP.id, false)).toEqual({ outcome: 'refused', reason: 'locked' });
    const empty = setup();
    expect(await empty.service.fill(TAB, SHOP.id, false)).toEqual({ outcome: 'refused', reason: 'no-page' });
    expect([...locked.sent, ...empty.sent]).toEqual([]);
  });

  it('menu and shortcut fill the most recently used exact-origin login, never a domain match', async () => {
    const { service, registry, sent, lastUsed } = setup();
    await lastUsed.touch(SHOP_OLD.id);
    await registry.announce(TAB, frame(0, 'https://shop.example'));
    await service.fillBest(TAB, 'command');
    expect(sent[0]?.command).toMatchObject({ username: 'old', password: SHOP_OLD.password });
    await registry.announce(TAB + 1, frame(0, 'https://www.shop.example'));
    expect(await service.fillBest(TAB + 1, 'context-menu', 0)).toEqual({ outcome: 'refused', reason: 'needs-choice' });
    expect((await service.status(TAB + 1)).last).toEqual({ outcome: 'refused', reason: 'needs-choice' });
  });

  it('keeps the content script’s refusal and records no use', async () => {
    const { service, registry, lastUsed } = setup({ reply: { outcome: 'refused', reason: 'field-hidden' } });
    await registry.announce(TAB, frame(0, 'https://shop.example'));
    expect(await service.fill(TAB, SHOP.id, false)).toEqual({ outcome: 'refused', reason: 'field-hidden' });
    expect((await lastUsed.snapshot())(SHOP.id)).toBe(0);
  });
});

describe('captureService', () => {
  function capture(logins: LoginItem[]) {
    const registry = frameRegistry({ load: async () => ({}), save: async () => undefined });
    const drafts: unknown[] = [];
    const service = captureService({ registry, logins: async () => logins, save: async (d) => (drafts.push(d), 'new-id'), now: () => 0 });
    return { service, registry, drafts };
  }
  const top = { origin: 'https://shop.example', url: 'https://shop.example/login', frameId: 0 };

  it('offers to save a new login and saves nothing until the answer is Save', async () => {
    const { service, drafts } = capture([SHOP]);
    await service.report(TAB, top, 'login', 'carol', 'carol-pw');
    expect(await service.status(TAB)).toEqual({ action: 'save', host: 'shop.example', username: 'carol', itemName: null });
    expect(drafts).toEqual([]);
    await service.answer(TAB, 'save');
    expect(drafts).toEqual([{ type: 'login', name: 'shop.example', username: 'carol', password: 'carol-pw', urls: [{ url: 'https://shop.example', match: 'origin' }] }]);
  });

  it('offers an update when the username exists with another password, nothing when it is the same', async () => {
    const { service, drafts } = capture([SHOP]);
    await service.report(TAB, top, 'login', 'alice', SHOP.password);
    expect(await service.status(TAB)).toBeNull();
    await service.report(TAB, top, 'username', 'alice', '');
    await service.report(TAB, top, 'login', '', 'changed');
    expect(await service.status(TAB)).toMatchObject({ action: 'update', itemName: 'Shop' });
    expect(await service.answer(TAB, 'save')).toBeNull();
    expect(drafts).toEqual([]);
  });

  it('ignores a frame that is not same-origin with the top frame, and Never silences the origin', async () => {
    const { service, registry } = capture([]);
    await registry.announce(TAB, frame(0, 'https://shop.example'));
    await service.report(TAB, { origin: 'https://evil.example', url: 'https://evil.example/x', frameId: 4 }, 'login', 'a', 'b');
    expect(await service.status(TAB)).toBeNull();
    await service.report(TAB, top, 'login', 'a', 'b');
    await service.answer(TAB, 'never');
    await service.report(TAB, top, 'login', 'a', 'c');
    expect(await service.status(TAB)).toBeNull();
  });
});
