import { bytesToHex } from '@noble/hashes/utils.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toBase64url } from '../../../shared/crypto/base64url';
import { randomBytes } from '../../../shared/crypto/random';
import type { WebSocketLike } from '../../../shared/protocol/client/hint-channel';
import { hintSocket } from './hint-socket';

type Listener = (event: { code?: number; data?: unknown }) => void;

class FakeSocket {
  readonly sent: string[] = [];
  readonly listeners = new Map<string, Listener[]>();
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close(code = 1000) {
    this.emit('close', { code });
  }
  addEventListener(type: string, listener: Listener) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, event: { code?: number; data?: unknown }) {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

afterEach(() => vi.useRealTimers());

describe('hint socket', () => {
  it('authenticates first, syncs on hints for its collection only, and reopens after a close', async () => {
    vi.useFakeTimers();
    const sockets: FakeSocket[] = [];
    const seqs: number[] = [];
    const hints = hintSocket(
      (seq) => seqs.push(seq),
      (url) => {
        const socket = new FakeSocket(url);
        sockets.push(socket);
        return socket as unknown as WebSocketLike;
      },
    );
    const collection = randomBytes(16);
    const token = toBase64url(randomBytes(32));
    hints.watch({ server: 'https://127.0.0.1:8443', collection: bytesToHex(collection), token: async () => token });
    const first = sockets[0]!;
    expect(first.url).toBe('wss://127.0.0.1:8443/v1/hints');
    first.emit('open', {});
    await vi.advanceTimersByTimeAsync(0);
    expect(first.sent).toEqual([JSON.stringify({ token })]);
    first.emit('message', { data: JSON.stringify({ collection: toBase64url(collection), seq: 7 }) });
    first.emit('message', { data: JSON.stringify({ collection: toBase64url(randomBytes(16)), seq: 8 }) });
    first.emit('message', { data: 'not json' });
    expect(seqs).toEqual([7]);
    first.emit('close', { code: 1006 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sockets).toHaveLength(2);
    hints.watch(null);
    expect(sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(2);
  });
});
