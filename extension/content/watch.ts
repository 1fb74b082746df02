/**
 * Noticing login forms added after load, cheaply on large pages: one MutationObserver (childList
 * and subtree only, no attributes or text), whose records are only queued; after a quiet 150 ms
 * the added subtrees alone are scanned for inputs and open shadow roots (each new root gets the
 * same observer). Work is proportional to what was added, never to the size of the page.
 */
import { collectInputs } from './forms';

export interface Watcher {
  /** Every input seen so far (disconnected ones are skipped when forms are grouped). */
  readonly inputs: Set<HTMLInputElement>;
  /** Scans what was added so far right away (pending records included), instead of after the pause. */
  flushNow(): void;
  stop(): void;
}

export const WATCH_DEBOUNCE_MS = 150;

export function watchForInputs(
  doc: Document,
  onNewInputs: () => void,
  debounceMs = WATCH_DEBOUNCE_MS,
  onShadowRoot: (root: ShadowRoot) => void = () => undefined,
): Watcher {
  const inputs = new Set<HTMLInputElement>();
  let queued: Node[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  const enqueue = (records: MutationRecord[]) => {
    for (const record of records) for (const node of Array.from(record.addedNodes)) if (node.nodeType === 1) queued.push(node);
  };
  const observer = new MutationObserver((records) => {
    enqueue(records);
    if (queued.length > 0 && timer === null) timer = setTimeout(flush, debounceMs);
  });
  const seenRoots = new WeakSet<ShadowRoot>();
  const observe = (root: Node) => {
    observer.observe(root, { childList: true, subtree: true });
    if (root instanceof ShadowRoot && !seenRoots.has(root)) {
      seenRoots.add(root);
      onShadowRoot(root);
    }
  };

  function flush(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const batch = queued;
    queued = [];
    const before = inputs.size;
    for (const node of batch) if (node.isConnected) collectInputs(node, inputs, observe);
    if (inputs.size !== before) onNewInputs();
  }

  collectInputs(doc, inputs, observe);
  observe(doc);
  return {
    inputs,
    flushNow() {
      enqueue(observer.takeRecords());
      flush();
    },
    stop() {
      observer.disconnect();
      if (timer !== null) clearTimeout(timer);
    },
  };
}
