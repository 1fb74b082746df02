/**
 * The hint bus (DESIGN.md §6 Triggers): how the process that appended a batch tells every server
 * process's WebSocket hub "collection C has seq S". Two implementations:
 * - `local-hint-bus.ts` (SQLite, one process): an in-process emitter, told after the commit;
 * - `postgres-hint-bus.ts` (several processes on one PostgreSQL): `NOTIFY` inside the append's
 *   transaction (so a hint is delivered only once its batch is committed, to every process) and one
 *   dedicated connection per process that `LISTEN`s.
 * A hint is a trigger, never evidence: one lost while a listener reconnects only delays a pull.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';

export interface LogHint {
  readonly collectionId: Uint8Array;
  readonly seq: number;
}

export type HintListener = (hint: LogHint) => void;

export interface HintBus {
  /** Called inside the append transaction, after the batch is inserted. */
  inTransaction(trx: Transaction<Database>, hint: LogHint): Promise<void>;
  /** Called once the append transaction committed. */
  committed(hint: LogHint): void;
  /** Every hint from any process; returns the unsubscribe function. */
  subscribe(listener: HintListener): () => void;
  close(): Promise<void>;
}

/** The NOTIFY channel; a payload is `<collection hex>:<seq>`. */
export const HINT_CHANNEL = 'vault_hints';

export function encodeHintPayload(hint: LogHint): string {
  return `${Buffer.from(hint.collectionId).toString('hex')}:${hint.seq}`;
}

export function decodeHintPayload(payload: string | undefined): LogHint | undefined {
  const match = /^([0-9a-f]{32}):([1-9][0-9]{0,9})$/.exec(payload ?? '');
  if (match === null) return undefined;
  return { collectionId: new Uint8Array(Buffer.from(match[1] ?? '', 'hex')), seq: Number(match[2]) };
}

/** A set of listeners each hint is handed to; a throwing listener does not stop the others. */
export class HintListeners {
  private readonly listeners = new Set<HintListener>();

  add(listener: HintListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  deliver(hint: LogHint): void {
    for (const listener of this.listeners) {
      try {
        listener(hint);
      } catch {
        // a listener's failure is its own; the others still get the hint
      }
    }
  }
}
