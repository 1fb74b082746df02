/**
 * The Chrome side of autofill: the context-menu entry and the keyboard command (both start a fill
 * only from the person's action in browser UI, which a page cannot forge), delivery of a fill
 * command to one document of one frame, and forgetting closed tabs. Chrome's own tab and frame ids
 * from those events are used; no page value is.
 */
import { contentCommandSchema, fillOutcomeSchema, type ContentCommand, type FillOutcome } from '../../../shared/protocol/autofill';
import type { FrameInfo, FrameRegistry } from './frame-registry';
import type { FillService } from './fill-service';

export const FILL_MENU_ID = 'sealed-vault-fill';
export const FILL_COMMAND = 'fill-login';

export async function sendToFrame(tabId: number, frame: FrameInfo, command: ContentCommand): Promise<FillOutcome> {
  const target = frame.documentId === undefined ? { frameId: frame.frameId } : { frameId: frame.frameId, documentId: frame.documentId };
  const reply: unknown = await chrome.tabs.sendMessage(tabId, contentCommandSchema.parse(command), target);
  const outcome = fillOutcomeSchema.safeParse(reply);
  return outcome.success ? outcome.data : { outcome: 'refused', reason: 'page-changed' };
}

export function installFillEntryPoints(fill: FillService, forget: { registry: FrameRegistry; tab: (tabId: number) => void }): void {
  chrome.runtime.onInstalled.addListener(() => {
    chrome.contextMenus.removeAll(() => {
      chrome.contextMenus.create({
        id: FILL_MENU_ID,
        title: 'Fill login from Sealed Vault',
        contexts: ['editable'],
        documentUrlPatterns: ['http://*/*', 'https://*/*'],
      });
    });
  });
  chrome.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== FILL_MENU_ID || tab?.id === undefined || tab.id < 0) return;
    void fill.fillBest(tab.id, 'context-menu', info.frameId ?? 0);
  });
  chrome.commands.onCommand.addListener((command, tab) => {
    if (command !== FILL_COMMAND || tab?.id === undefined || tab.id < 0) return;
    void fill.fillBest(tab.id, 'command');
  });
  chrome.tabs.onRemoved.addListener((tabId) => {
    void forget.registry.forgetTab(tabId);
    forget.tab(tabId);
  });
}
