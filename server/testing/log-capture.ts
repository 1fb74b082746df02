/**
 * Test support: a pino destination that keeps every JSON log line in memory, so tests can assert
 * what the server logs — and, above all, what it never logs (bodies, auth headers, query strings).
 */
import type { DestinationStream } from 'pino';

export interface LogCapture {
  readonly destination: DestinationStream;
  /** Every line written so far, joined. */
  text(): string;
  /** Every line parsed as JSON. */
  entries(): Record<string, unknown>[];
}

export function captureLogs(): LogCapture {
  const lines: string[] = [];
  return {
    destination: { write: (line: string) => void lines.push(line) },
    text: () => lines.join(''),
    entries: () =>
      lines
        .join('')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
