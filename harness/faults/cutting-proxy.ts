/**
 * A TCP proxy in front of the real server that cuts connections mid-request or mid-response, the
 * way a dropped Wi-Fi or a NAT timeout does. TLS stays end to end (the proxy only counts bytes):
 * - `cutRequest()`: the next batch-sized request is forwarded halfway, then both sides are
 *   destroyed (the server sees a truncated request and appends nothing);
 * - `cutResponse()`: the next batch-sized request reaches the server whole, but the connection is
 *   destroyed as soon as the server starts answering (the server appended; the client never hears).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

type Plan = { kind: 'pass' } | { kind: 'cut-request' | 'cut-response'; minChunk: number };

/** Request chunks at least this big are batch pushes (items in these tests carry long notes). */
const BATCH_CHUNK = 1500;

export interface CuttingProxy {
  readonly port: number;
  readonly cuts: () => number;
  /** Cut the next batch-sized request halfway through. */
  cutRequest(): void;
  /** Let the next batch-sized request through whole, then cut before its answer. */
  cutResponse(): void;
  close(): Promise<void>;
}

export async function startCuttingProxy(targetPort: number): Promise<CuttingProxy> {
  let plan: Plan = { kind: 'pass' };
  let cuts = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let armed = false;
    const cut = () => {
      cuts += 1;
      plan = { kind: 'pass' };
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      if (plan.kind === 'cut-request' && chunk.length >= plan.minChunk) {
        upstream.write(chunk.subarray(0, Math.floor(chunk.length / 2)), cut);
        return;
      }
      if (plan.kind === 'cut-response' && chunk.length >= plan.minChunk) armed = true;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (armed) {
        cut();
        return;
      }
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('proxy has no port');
  return {
    port: address.port,
    cuts: () => cuts,
    cutRequest: () => void (plan = { kind: 'cut-request', minChunk: BATCH_CHUNK }),
    cutResponse: () => void (plan = { kind: 'cut-response', minChunk: BATCH_CHUNK }),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
