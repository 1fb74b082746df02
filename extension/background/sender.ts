/**
 * Classifies who sent a runtime message, from Chrome's own `MessageSender` (never from the message).
 *
 * - `extension`: a page of this extension (popup, extension tab), identified by its
 *   chrome-extension://<our id>/ URL; such pages may ask for everything.
 * - `content`: our content script in a web page; it carries the tab, frame and origin that Chrome
 *   reports, and may only ask about that frame.
 * Anything else (another extension, a page without an http(s) origin) is refused.
 */
export interface RuntimeSender {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
  /** Chrome 106+: the document the message came from, so a later command reaches only that document. */
  documentId?: string;
}

export type SenderContext =
  | { kind: 'extension' }
  | { kind: 'content'; tabId: number; frameId: number; origin: string; url: string; documentId?: string };

export function classifySender(sender: RuntimeSender, extensionId: string): SenderContext | null {
  if (sender.id !== extensionId || sender.url === undefined) return null;
  const url = safeUrl(sender.url);
  if (url === null) return null;
  if (url.protocol === 'chrome-extension:' && url.host === extensionId) return { kind: 'extension' };
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const tabId = sender.tab?.id;
  const frameId = sender.frameId;
  if (tabId === undefined || tabId < 0 || frameId === undefined) return null;
  const origin = sender.origin ?? url.origin;
  if (origin !== url.origin) return null;
  const documentId = sender.documentId === undefined ? {} : { documentId: sender.documentId };
  return { kind: 'content', tabId, frameId, origin, url: url.href, ...documentId };
}

function safeUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}
