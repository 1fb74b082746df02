/**
 * Filling a login into a tab, only ever on the person's action (popup button, context menu entry,
 * keyboard command; DESIGN.md §10). The background decides everything about the site:
 *
 * 1. the tab's top-frame origin and URL are those Chrome reported for the top frame's content
 *    script (frame registry), never a value from a message;
 * 2. the login must match that URL exactly by origin; a same-registrable-domain match fills only
 *    when the person chose it (`allowDomain`); an https login never goes to an http page;
 * 3. the credentials go only to frames whose origin equals the top frame's, each addressed by
 *    frame id *and* document id, so a frame that navigated meanwhile receives nothing; cross-origin
 *    and sandboxed frames (opaque origin: never registered) receive nothing;
 * 4. the content script then refuses hidden, transparent, covered or off-screen fields and a form
 *    posting to another origin (extension/content/fill.ts).
 * Every path ends in a `FillOutcome`; the last one per tab is kept for the popup to explain.
 */
import { VaultError } from '../../../shared/protocol/errors';
import type { ContentCommand, FillOutcome, FillRefusal } from '../../../shared/protocol/autofill';
import type { AutofillStatus } from '../../../shared/protocol/messages';
import { candidatesFor, matchLogin, type Candidates } from '../../../shared/autofill/matching';
import type { LoginItem } from '../../../shared/vault/item-types';
import type { FrameInfo, FrameRegistry } from './frame-registry';
import type { LastUsedMap } from './last-used';

export interface FillPorts {
  registry: FrameRegistry;
  lastUsed: LastUsedMap;
  logins: () => Promise<LoginItem[]>;
  /** chrome.tabs.sendMessage to one document of one frame; rejects when that document is gone. */
  sendToFrame: (tabId: number, frame: FrameInfo, command: ContentCommand) => Promise<FillOutcome>;
}

export type FillVia = 'popup' | 'context-menu' | 'command';

const refuse = (reason: FillRefusal): FillOutcome => ({ outcome: 'refused', reason });

/** Field refusals from the page, most telling first, when no frame could fill. */
const PAGE_REFUSAL_ORDER: readonly FillRefusal[] = ['form-action-origin', 'field-hidden', 'field-disabled', 'untrusted-event', 'page-changed', 'no-fields'];

export function fillService(ports: FillPorts) {
  const last = new Map<number, FillOutcome>();

  async function loginsOrLocked(): Promise<LoginItem[] | null> {
    try {
      return await ports.logins();
    } catch (error) {
      if (error instanceof VaultError && (error.code === 'LOCKED' || error.code === 'NO_VAULT')) return null;
      throw error;
    }
  }

  async function candidates(tabId: number): Promise<{ top: FrameInfo | null; candidates: Candidates; locked: boolean }> {
    const top = await ports.registry.top(tabId);
    const empty: Candidates = { origin: [], domain: [], insecure: 0 };
    const logins = await loginsOrLocked();
    if (logins === null) return { top, candidates: empty, locked: true };
    if (top === null) return { top, candidates: empty, locked: false };
    return { top, candidates: candidatesFor(logins, top.url, await ports.lastUsed.snapshot()), locked: false };
  }

  async function deliver(tabId: number, top: FrameInfo, login: LoginItem, via: FillVia, frameId?: number): Promise<FillOutcome> {
    const frames = (await ports.registry.frames(tabId)).filter((f) => f.loginForms > 0 && (frameId === undefined || f.frameId === frameId));
    const sameOrigin = frames.filter((f) => f.origin === top.origin).sort((a, b) => a.frameId - b.frameId);
    if (sameOrigin.length === 0) {
      if (frames.length > 0) return refuse('cross-origin-frame');
      if (frameId !== undefined && frameId !== 0) return refuse('cross-origin-frame');
      return refuse(top.sandboxedFrames > 0 ? 'sandboxed-frame' : 'no-fields');
    }
    const command: ContentCommand = { command: 'fill/apply', username: login.username, password: login.password, target: via === 'context-menu' ? 'context-menu' : 'best' };
    const refusals: FillRefusal[] = [];
    for (const frame of sameOrigin) {
      const outcome = await ports.sendToFrame(tabId, frame, command).catch((): FillOutcome => refuse('page-changed'));
      if (outcome.outcome === 'filled') {
        await ports.lastUsed.touch(login.id);
        return outcome;
      }
      refusals.push(outcome.reason);
    }
    return refuse(PAGE_REFUSAL_ORDER.find((r) => refusals.includes(r)) ?? refusals[0] ?? 'no-fields');
  }

  async function fillItem(tabId: number, id: string, allowDomain: boolean, via: FillVia, frameId?: number): Promise<FillOutcome> {
    const logins = await loginsOrLocked();
    if (logins === null) return refuse('locked');
    const top = await ports.registry.top(tabId);
    if (top === null) return refuse('no-page');
    const login = logins.find((l) => l.id === id);
    if (login === undefined) throw new VaultError('NOT_FOUND', 'no such login');
    const match = matchLogin(login.urls, top.url);
    if (match.kind === 'none') return refuse(match.insecure ? 'insecure-page' : 'wrong-site');
    if (match.kind === 'domain' && !allowDomain) return refuse('needs-choice');
    return deliver(tabId, top, login, via, frameId);
  }

  function remember(tabId: number, outcome: FillOutcome): FillOutcome {
    last.set(tabId, outcome);
    return outcome;
  }

  return {
    /** Candidates and the last outcome for the popup of a tab. */
    async status(tabId: number): Promise<Omit<AutofillStatus, 'capture'>> {
      const { top, candidates: found } = await candidates(tabId);
      return { origin: top?.origin ?? null, candidates: found, last: last.get(tabId) ?? null };
    },

    /** The popup's Fill button: a login the person picked, domain matches only when they chose one. */
    async fill(tabId: number, id: string, allowDomain: boolean): Promise<FillOutcome> {
      return remember(tabId, await fillItem(tabId, id, allowDomain, 'popup'));
    },

    /** Menu and shortcut: the most recently used exact-origin login; domain matches are never picked. */
    async fillBest(tabId: number, via: Exclude<FillVia, 'popup'>, frameId?: number): Promise<FillOutcome> {
      const found = await candidates(tabId);
      if (found.locked) return remember(tabId, refuse('locked'));
      if (found.top === null) return remember(tabId, refuse('no-page'));
      const best = found.candidates.origin[0];
      if (best === undefined) {
        const reason = found.candidates.domain.length > 0 ? 'needs-choice' : found.candidates.insecure > 0 ? 'insecure-page' : 'no-login';
        return remember(tabId, refuse(reason));
      }
      return remember(tabId, await fillItem(tabId, best.id, false, via, frameId));
    },

    /** A content script saw the page forge the events of a fill; nothing was filled. */
    reportUntrusted(tabId: number): void {
      remember(tabId, refuse('untrusted-event'));
    },

    forgetTab(tabId: number): void {
      last.delete(tabId);
    },
  };
}

export type FillService = ReturnType<typeof fillService>;
