/**
 * The client side of the WebSocket hint channel (shared/protocol/api/hints.ts): opens
 * `wss://…/v1/hints` through an injected constructor (the worker's WebSocket, or ws in Node tests),
 * sends `{ token }` as its first message (a session token from `HttpTransport.hintToken()`), and
 * hands every `{ collection, seq }` that fits the contract to `onHint`; anything else from the
 * server is ignored. A hint only says "pull now": the engine pulls and verifies as always.
 * Reconnecting (with backoff) is the caller's choice; `onClose` tells the close code (1008: the
 * token was refused; 4001: the session ended; sign in again before reconnecting).
 */
import { fromBase64url } from '../../crypto/base64url';
import { HINTS_PATH, hintSchema } from '../api/hints';
import { serverBase } from './http-exchange';

/** The part of the WebSocket API used here; the browser's and ws's both fit. */
export interface WebSocketLike {
  send(data: string): void;
  close(code?: number): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: (event: { code?: number }) => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export interface HintChannelOptions {
  /** The server's `https://` URL; the socket goes to the same host and port over `wss://`. */
  readonly server: string;
  readonly connect: (url: string) => WebSocketLike;
  /** A current session token (asked for when the socket opens). */
  readonly token: () => Promise<string>;
  readonly onHint: (hint: { readonly collection: Uint8Array; readonly seq: number }) => void;
  /** The socket closed (code 1006 when it failed without a close frame, or the token was not at hand). */
  readonly onClose?: (code: number) => void;
}

export interface HintChannel {
  close(): void;
}

export function openHintChannel(options: HintChannelOptions): HintChannel {
  const url = serverBase(options.server).replace(/^https:/, 'wss:') + HINTS_PATH;
  const socket = options.connect(url);
  let closed = false;
  const finish = (code: number) => {
    if (closed) return;
    closed = true;
    options.onClose?.(code);
  };
  socket.addEventListener('open', () => {
    options.token().then(
      (token) => socket.send(JSON.stringify({ token })),
      () => {
        socket.close();
        finish(1006);
      },
    );
  });
  socket.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(event.data);
    } catch {
      return;
    }
    const hint = hintSchema.safeParse(parsed);
    if (hint.success) options.onHint({ collection: fromBase64url(hint.data.collection), seq: hint.data.seq });
  });
  socket.addEventListener('close', (event) => finish(event.code ?? 1006));
  return { close: () => socket.close() };
}
