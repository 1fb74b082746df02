/**
 * Offering to save or update a login after a form was submitted, never saving without the
 * person's answer (DESIGN.md §10). The content script reports a submitted form; the background
 * keeps at most one pending capture per tab, in worker memory only (never in storage), for ten
 * minutes, and the popup shows it with Save / Update / Never buttons.
 *
 * Only frames same-origin with the tab's top frame may report (by Chrome's sender). A username-only
 * first step is remembered and joined to the password step that follows on the same origin. What to
 * offer is decided when the popup asks, so a capture made while the vault was locked still works:
 * an exact-origin login with the same username and another password → update; none → save; the
 * same password → nothing. Saved logins go to the personal vault (no shared collections exist yet).
 */
import type { CaptureKind } from '../../../shared/protocol/autofill';
import type { AutofillStatus, ItemDraft } from '../../../shared/protocol/messages';
import { matchLogin } from '../../../shared/autofill/matching';
import type { LoginItem } from '../../../shared/vault/item-types';
import type { FrameRegistry } from './frame-registry';

const TTL_MS = 10 * 60 * 1000;

interface Capture {
  origin: string;
  url: string;
  kind: CaptureKind;
  username: string;
  password: string;
  at: number;
}

export interface CapturePorts {
  registry: FrameRegistry;
  logins: () => Promise<LoginItem[]>;
  save: (draft: ItemDraft) => Promise<string>;
  now: () => number;
}

type Offer = { action: 'save' | 'update'; capture: Capture; item: LoginItem | null };

export function captureService(ports: CapturePorts) {
  const pending = new Map<number, Capture>();
  const usernames = new Map<number, Capture>();
  /** Origins the person answered "Never" for, until the worker restarts. */
  const never = new Set<string>();

  const fresh = (c: Capture | undefined) => (c !== undefined && ports.now() - c.at < TTL_MS ? c : undefined);

  async function offer(tabId: number): Promise<Offer | null> {
    const capture = fresh(pending.get(tabId));
    if (capture === undefined || never.has(capture.origin)) return null;
    const logins = (await ports.logins()).filter((l) => matchLogin(l.urls, capture.url).kind === 'origin');
    const sameUser = logins.filter((l) => l.username === capture.username);
    const target = sameUser[0] ?? (capture.kind === 'change' && capture.username === '' && logins.length === 1 ? logins[0] : undefined);
    if (target === undefined) return { action: 'save', capture, item: null };
    if (target.password === capture.password) return null;
    return { action: 'update', capture, item: target };
  }

  return {
    async report(tabId: number, sender: { origin: string; url: string; frameId: number }, kind: CaptureKind, username: string, password: string): Promise<void> {
      const top = await ports.registry.top(tabId);
      const topOrigin = sender.frameId === 0 ? sender.origin : top?.origin;
      if (topOrigin !== sender.origin) return;
      const url = sender.frameId === 0 ? sender.url : (top?.url ?? sender.url);
      const capture: Capture = { origin: sender.origin, url, kind, username: username.trim(), password, at: ports.now() };
      if (kind === 'username') {
        if (capture.username !== '') usernames.set(tabId, capture);
        return;
      }
      if (password === '') return;
      const step = fresh(usernames.get(tabId));
      if (capture.username === '' && step !== undefined && step.origin === capture.origin) capture.username = step.username;
      pending.set(tabId, capture);
    },

    async status(tabId: number): Promise<AutofillStatus['capture']> {
      const found = await offer(tabId).catch(() => null);
      if (found === null) return null;
      return { action: found.action, host: new URL(found.capture.url).host, username: found.capture.username, itemName: found.item?.name ?? null };
    },

    /** The person's answer. Save and Update act only on what `status` offered; nothing else saves. */
    async answer(tabId: number, answer: 'save' | 'update' | 'never' | 'dismiss'): Promise<string | null> {
      const found = await offer(tabId);
      pending.delete(tabId);
      if (found === null) return null;
      if (answer === 'never') never.add(found.capture.origin);
      if (answer !== found.action) return null;
      const { capture, item } = found;
      if (item !== null) return ports.save({ type: 'login', id: item.id, password: capture.password });
      return ports.save({
        type: 'login',
        name: new URL(capture.url).hostname,
        username: capture.username,
        password: capture.password,
        urls: [{ url: capture.origin, match: 'origin' }],
      });
    },

    forgetTab(tabId: number): void {
      pending.delete(tabId);
      usernames.delete(tabId);
    },

    /** Locking drops every captured password. */
    clear(): void {
      pending.clear();
      usernames.clear();
    },
  };
}

export type CaptureService = ReturnType<typeof captureService>;
