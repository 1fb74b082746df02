/**
 * Test support: a WebSocket client (ws) for `GET /v1/hints` that trusts exactly the test server's
 * certificate, keeps every message and the close code, and can wait for the next message or for a
 * hint about a given collection. Waits are bounded, so a missing hint fails a test instead of
 * hanging it.
 */
import WebSocket from 'ws';
import { HINTS_PATH } from '../../shared/protocol/api/hints';
import type { ServerAddress } from './sync-client';

export interface HintClient {
  readonly messages: unknown[];
  /** Resolves with the close code once the server (or the client) closed the socket. */
  readonly closed: Promise<number>;
  send(data: string | Uint8Array): void;
  /** The first message (from `from` on) that satisfies `match`; rejects after `timeoutMs`. */
  waitFor(match: (message: unknown) => boolean, timeoutMs?: number, from?: number): Promise<unknown>;
  close(): void;
}

export async function openHintSocket(server: ServerAddress, token?: string): Promise<HintClient> {
  const socket = new WebSocket(server.url.replace(/^https:/, 'wss:') + HINTS_PATH, { ca: server.certPem });
  const messages: unknown[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data: Buffer) => {
    messages.push(JSON.parse(data.toString('utf8')) as unknown);
    for (const wake of waiters) wake();
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  if (token !== undefined) socket.send(JSON.stringify({ token }));
  return {
    messages,
    closed,
    send: (data) => socket.send(data),
    close: () => socket.close(),
    waitFor: (match, timeoutMs = 5000, from = 0) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.slice(from).find(match);
          if (found === undefined) return;
          cleanup();
          resolve(found);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no matching hint within ${timeoutMs} ms (have ${JSON.stringify(messages)})`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
  };
}

/**
 * Waits until `client` receives hints: appends (via `append`, which returns the new seq) until a
 * hint for `collection` arrives, because the server subscribes a socket only once its token checked
 * out. At most `attempts` appends.
 */
export async function untilHinted(client: HintClient, collection: string, append: () => Promise<number>, attempts = 20): Promise<number> {
  for (let i = 0; i < attempts; i++) {
    const seq = await append();
    try {
      await client.waitFor((m) => isHint(m, collection, seq), 250);
      return seq;
    } catch {
      // not subscribed yet: try again
    }
  }
  throw new Error('the socket never received a hint');
}

export function isHint(message: unknown, collection: string, seq?: number): boolean {
  if (typeof message !== 'object' || message === null) return false;
  const hint = message as { collection?: unknown; seq?: unknown };
  return hint.collection === collection && (seq === undefined || hint.seq === seq);
}
