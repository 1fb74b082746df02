/**
 * The WebSocket hint channel (DESIGN.md §6 "Triggers", shared/protocol/api/hints.ts): while the vault
 * is unlocked and syncs, the worker keeps `wss://server/v1/hints` open, sends `{ token }` (a session
 * token of the transport) as its first message, and runs a sync on each `{ collection, seq }` for its
 * collection. A hint is only a trigger, never evidence: the sync pulls and verifies as always.
 * The worker may be stopped at any time, and the socket with it; that is fine: the 5-minute alarm
 * is the backstop, and the socket is opened again on the next sync of a restarted worker.
 * A closed socket is reopened after 5 s, doubling to at most 5 minutes while it keeps failing.
 */
import { hintSchema, HINTS_PATH } from '../../../shared/protocol/api/hints';
import { collectionHex } from './device-keys';

export interface HintSource {
  readonly server: string;
  /** The hex id of the collection to watch. */
  readonly collection: string;
  token(): Promise<string>;
}

const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 5 * 60_000;

export function hintSocket(onHint: (seq: number) => void) {
  let socket: WebSocket | null = null;
  let source: HintSource | null = null;
  let retryMs = FIRST_RETRY_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function close(): void {
    clearTimeout(timer);
    source = null;
    const old = socket;
    socket = null;
    old?.close(1000, 'locked');
  }

  function retry(from: HintSource): void {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (source === from) void open(from);
    }, retryMs);
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  }

  async function open(from: HintSource): Promise<void> {
    let token: string;
    try {
      token = await from.token();
    } catch {
      retry(from);
      return;
    }
    if (source !== from) return;
    const url = `${from.server.replace(/^https:/, 'wss:')}${HINTS_PATH}`;
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => ws.send(JSON.stringify({ token }));
    ws.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(event.data);
      } catch {
        return;
      }
      const hint = hintSchema.safeParse(parsed);
      if (!hint.success || collectionHex(hint.data.collection) !== from.collection) return;
      retryMs = FIRST_RETRY_MS;
      onHint(hint.data.seq);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      if (source === from) retry(from);
    };
  }

  return {
    /** Watch `next` (replacing any socket), or stop watching (null). Same server and collection: kept. */
    watch(next: HintSource | null): void {
      if (next !== null && source !== null && socket !== null && next.server === source.server && next.collection === source.collection) return;
      close();
      if (next === null) return;
      source = next;
      retryMs = FIRST_RETRY_MS;
      void open(next);
    },
    close,
  };
}

