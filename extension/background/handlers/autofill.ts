/**
 * Handlers for autofill: the popup's status, Fill and save-prompt answers (extension pages only),
 * and the content script's frame announcements, submitted forms and forged events (about its own
 * frame only: tab, frame, document and origin come from the router's SenderContext, which Chrome's
 * sender filled in).
 */
import type { Handlers } from '../router';
import type { SenderContext } from '../sender';
import type { CaptureService } from '../autofill/capture-service';
import type { FillService } from '../autofill/fill-service';
import type { FrameRegistry } from '../autofill/frame-registry';

type AutofillHandlers = Pick<
  Handlers,
  'autofill/status' | 'autofill/fill' | 'autofill/capture-answer' | 'fill/frame-ready' | 'fill/capture' | 'fill/untrusted-event'
>;

export interface AutofillDeps {
  registry: FrameRegistry;
  fill: FillService;
  capture: CaptureService;
  countCandidates: (pageUrl: string) => Promise<number>;
}

type ContentSender = Extract<SenderContext, { kind: 'content' }>;
const content = (sender: SenderContext): ContentSender | null => (sender.kind === 'content' ? sender : null);

/** Origin and path only: queries and fragments often carry tokens, and matching never needs them. */
function withoutQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

export function autofillHandlers(deps: AutofillDeps): AutofillHandlers {
  return {
    'autofill/status': async ({ tabId }) => ({ ...(await deps.fill.status(tabId)), capture: await deps.capture.status(tabId) }),
    'autofill/fill': async ({ tabId, id, allowDomain }) => deps.fill.fill(tabId, id, allowDomain),
    'autofill/capture-answer': async ({ tabId, answer }) => ({ id: await deps.capture.answer(tabId, answer) }),
    'fill/frame-ready': async ({ loginForms, sandboxedFrames }, sender) => {
      const from = content(sender);
      if (from === null) return { candidates: 0 };
      const documentId = from.documentId === undefined ? {} : { documentId: from.documentId };
      await deps.registry.announce(from.tabId, {
        frameId: from.frameId,
        origin: from.origin,
        url: withoutQuery(from.url),
        loginForms,
        sandboxedFrames: sandboxedFrames ?? 0,
        ...documentId,
      });
      return { candidates: loginForms > 0 ? await deps.countCandidates(withoutQuery(from.url)) : 0 };
    },
    'fill/capture': async ({ kind, username, password }, sender) => {
      const from = content(sender);
      if (from !== null) await deps.capture.report(from.tabId, { ...from, url: withoutQuery(from.url) }, kind, username, password);
      return {};
    },
    'fill/untrusted-event': async (_req, sender) => {
      const from = content(sender);
      if (from !== null) deps.fill.reportUntrusted(from.tabId);
      return {};
    },
  };
}
