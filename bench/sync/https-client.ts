/**
 * A small HTTPS client for the sync benchmarks: node:https over a keep-alive agent that trusts
 * exactly the server's certificate (as a client that knows it would, verification on), JSON in and
 * out, and a closed-loop load runner (each worker sends its next request when the previous one has
 * answered). Kept apart from the server's test support so a benchmark can reuse connections.
 */
import { Agent, request } from 'node:https';

export interface Reply {
  readonly status: number;
  readonly text: string;
}

export interface BenchRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
  readonly token?: string;
}

export class BenchClient {
  private readonly agent: Agent;

  constructor(
    readonly url: string,
    ca: string,
    maxSockets = 64,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets, ca });
  }

  send(req: BenchRequest): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    if (req.token !== undefined) headers.authorization = `Bearer ${req.token}`;
    return new Promise((resolve, reject) => {
      const outgoing = request(this.url + req.path, { method: req.method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      });
      outgoing.on('error', reject);
      outgoing.end(req.body);
    });
  }

  /** `send`, refusing any status but `expected`; the parsed JSON body. */
  async json(req: BenchRequest, expected = 200): Promise<unknown> {
    const reply = await this.send(req);
    if (reply.status !== expected) throw new Error(`${req.method} ${req.path}: ${reply.status} ${reply.text.slice(0, 200)}`);
    return JSON.parse(reply.text) as unknown;
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface LoadResult {
  readonly requests: number;
  readonly failures: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** Latency percentiles of the successful requests, in milliseconds. */
  readonly p50: number;
  readonly p99: number;
  readonly firstFailure?: string;
}

/** One worker's queue: the next request, or null when it has no more. */
export type NextRequest = () => { client: BenchClient; req: BenchRequest; expected: number } | null;

/** Run every worker until its queue is empty or `limitSeconds` have passed; each keeps one request in flight. */
export async function runLoad(workers: readonly NextRequest[], limitSeconds = Number.POSITIVE_INFINITY): Promise<LoadResult> {
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  const started = performance.now();
  const deadline = started + limitSeconds * 1000;
  await Promise.all(
    workers.map(async (next) => {
      for (let item = next(); item !== null && performance.now() < deadline; item = next()) {
        const sent = performance.now();
        try {
          const reply = await item.client.send(item.req);
          if (reply.status === item.expected) latencies.push(performance.now() - sent);
          else {
            failures += 1;
            firstFailure ??= `${reply.status} ${reply.text.slice(0, 160)}`;
          }
        } catch (error) {
          failures += 1;
          firstFailure ??= String(error);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN;
  return {
    requests: latencies.length + failures,
    failures,
    seconds,
    perSecond: latencies.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
    ...(firstFailure === undefined ? {} : { firstFailure }),
  };
}
