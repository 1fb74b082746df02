/**
 * Test support: one HTTPS request with node:https that trusts exactly the given certificate (`ca`),
 * so tests talk to a real server the way a client that knows its certificate would, without
 * disabling verification. Returns status, headers and the body as text and parsed JSON.
 */
import { request } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';

export interface HttpsRequest {
  readonly url: string;
  readonly ca: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Host name checked against the certificate (default: the URL's host). */
  readonly servername?: string;
}

export interface HttpsResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** The body parsed as JSON (throws if it is not). */
  json(): unknown;
}

export function httpsRequest(options: HttpsRequest): Promise<HttpsResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      options.url,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        ca: options.ca,
        agent: false,
        ...(options.servername === undefined ? {} : { servername: options.servername }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
