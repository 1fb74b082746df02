/**
 * The in-process hint bus for SQLite (one server process): a hint is delivered to this process's
 * listeners once the append transaction has committed, never from inside it.
 */
import { HintListeners, type HintBus } from './hint-bus';

export function localHintBus(): HintBus {
  const listeners = new HintListeners();
  return {
    inTransaction: async () => {},
    committed: (hint) => queueMicrotask(() => listeners.deliver(hint)),
    subscribe: (listener) => listeners.add(listener),
    close: async () => {},
  };
}
