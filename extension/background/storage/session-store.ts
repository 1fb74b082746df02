/**
 * The unlocked state in chrome.storage.session: memory only (gone when the browser closes), and by
 * default readable by trusted extension contexts only, never by content scripts. Only the 32-byte
 * bundle key and the lock deadline are kept (DESIGN.md §4).
 */
import { fromBase64url, toBase64url } from '../../../shared/crypto/base64url';
import type { SessionState, SessionStore } from '../vault/ports';

const KEY = 'unlocked';

export function chromeSessionStore(): SessionStore {
  return {
    async load() {
      const stored = (await chrome.storage.session.get(KEY))[KEY] as { bundleKey: string; deadline: number } | undefined;
      if (stored === undefined) return null;
      return { bundleKey: fromBase64url(stored.bundleKey), deadline: stored.deadline };
    },
    async save(state: SessionState) {
      await chrome.storage.session.set({ [KEY]: { bundleKey: toBase64url(state.bundleKey), deadline: state.deadline } });
    },
    async clear() {
      await chrome.storage.session.remove(KEY);
    },
  };
}
