/**
 * The WebSocket hint channel in the worker (DESIGN.md §6 "Triggers"): while the vault is unlocked
 * and syncs, keep the channel of shared/protocol/client/hint-channel.ts open (`wss://server/v1/hints`,
 * `{ token }` first) and hand each hint for our collection to `onHint(seq)`. A hint is only a
 * trigger, never evidence: the sync pulls and verifies as always. The worker may be stopped at any
 * time, and the socket with it; that is fine: the 5-minute alarm is the backstop, and the socket
 * is opened again when a restarted worker syncs. A closed channel is reopened after 5 s, doubling
 * to at most 5 minutes while it keeps closing.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { openHintChannel, type HintChannel, type WebSocketLike } from '../../../shared/protocol/client/hint-channel';

export interface HintSource {
  readonly server: string;
  /** The hex id of the collection to watch. */
  readonly collection: string;
  token(): Promise<string>;
}

const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 5 * 60_000;

export function hintSocket(onHint: (seq: number) => void, connect: (url: string) => WebSocketLike = (url) => new WebSocket(url)) {
  let channel: HintChannel | null = null;
  let source: HintSource | null = null;
  let retryMs = FIRST_RETRY_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function close(): void {
    clearTimeout(timer);
    source = null;
    const old = channel;
    channel = null;
    old?.close();
  }

  function open(from: HintSource): void {
    const mine: { channel: HintChannel | null } = { channel: null };
    mine.channel = openHintChannel({
      server: from.server,
      connect,
      token: () => from.token(),
      onHint: (hint) => {
        if (bytesToHex(hint.collection) !== from.collection) return;
        retryMs = FIRST_RETRY_MS;
        onHint(hint.seq);
      },
      onClose: () => {
        if (channel !== mine.channel || source !== from) return;
        channel = null;
        timer = setTimeout(() => {
          if (source === from) open(from);
        }, retryMs);
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
      },
    });
    channel = mine.channel;
  }

  return {
    /** Watch `next` (replacing any channel), or stop watching (null). The same server and collection: kept. */
    watch(next: HintSource | null): void {
      if (next !== null && source !== null && next.server === source.server && next.collection === source.collection) return;
      close();
      if (next === null) return;
      source = next;
      retryMs = FIRST_RETRY_MS;
      open(next);
    },
    close,
  };
}
