/**
 * Which frames of which tabs run our content script, as Chrome's sender reported them: tab, frame,
 * document, origin and URL come from `sender`, never from a message. A frame whose origin is
 * opaque (a sandboxed iframe) never gets here: the router refuses its sender.
 *
 * A frame that navigated re-announces under the same frame id; entries of documents that are gone
 * stay until the tab closes, harmlessly: every command names the document it is for, and Chrome
 * delivers it to that document only. The registry is mirrored to a port (the
 * worker uses chrome.storage.session, memory-only and closed to content scripts) so it survives the
 * service worker being stopped while a page stays open.
 */
export interface FrameInfo {
  frameId: number;
  origin: string;
  /** Origin and path only (no query or fragment). */
  url: string;
  documentId?: string;
  loginForms: number;
  sandboxedFrames: number;
}

export interface RegistryStore {
  load(): Promise<Record<string, FrameInfo[]>>;
  save(tabs: Record<string, FrameInfo[]>): Promise<void>;
}

export function frameRegistry(store: RegistryStore) {
  let tabs: Map<number, Map<number, FrameInfo>> | null = null;

  async function state(): Promise<Map<number, Map<number, FrameInfo>>> {
    if (tabs === null) {
      const saved = await store.load().catch((): Record<string, FrameInfo[]> => ({}));
      tabs = new Map(Object.entries(saved).map(([tab, frames]) => [Number(tab), new Map(frames.map((f) => [f.frameId, f]))]));
    }
    return tabs;
  }

  function persist(all: Map<number, Map<number, FrameInfo>>): void {
    const out: Record<string, FrameInfo[]> = {};
    for (const [tab, frames] of all) out[String(tab)] = [...frames.values()];
    void store.save(out).catch(() => undefined);
  }

  return {
    async announce(tabId: number, frame: FrameInfo): Promise<void> {
      const all = await state();
      let frames = all.get(tabId);
      if (frames === undefined) {
        frames = new Map();
        all.set(tabId, frames);
      }
      frames.set(frame.frameId, frame);
      persist(all);
    },

    async top(tabId: number): Promise<FrameInfo | null> {
      return (await state()).get(tabId)?.get(0) ?? null;
    },

    async frames(tabId: number): Promise<FrameInfo[]> {
      return [...((await state()).get(tabId)?.values() ?? [])];
    },

    async forgetTab(tabId: number): Promise<void> {
      const all = await state();
      if (all.delete(tabId)) persist(all);
    },
  };
}

export type FrameRegistry = ReturnType<typeof frameRegistry>;
