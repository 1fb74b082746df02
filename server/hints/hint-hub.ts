/**
 * This process's WebSocket hint hub: the authenticated hint sockets, grouped by account, and the
 * fan-out of every hint from the bus (any process) to the sockets of the collection's current
 * members, one membership lookup per hint. Accounts that are not members are never told that a
 * collection moved.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { memberAccounts } from '../db/collection-members';
import type { Database } from '../db/schema';
import type { HintBus, LogHint } from './hint-bus';

export interface HintSubscriber {
  readonly accountId: Uint8Array;
  /** Hands one hint to the socket (which may still refuse it, e.g. when its session ended). */
  deliver(hint: LogHint): void;
}

export class HintHub {
  private readonly byAccount = new Map<string, Set<HintSubscriber>>();
  private readonly unsubscribe: () => void;

  constructor(
    bus: HintBus,
    private readonly db: Kysely<Database>,
    private readonly logger: Logger,
  ) {
    this.unsubscribe = bus.subscribe((hint) => void this.fanOut(hint));
  }

  /** Registers a socket; returns the function that removes it. */
  add(subscriber: HintSubscriber): () => void {
    const key = Buffer.from(subscriber.accountId).toString('hex');
    const set = this.byAccount.get(key) ?? new Set();
    set.add(subscriber);
    this.byAccount.set(key, set);
    return () => {
      set.delete(subscriber);
      if (set.size === 0 && this.byAccount.get(key) === set) this.byAccount.delete(key);
    };
  }

  close(): void {
    this.unsubscribe();
    this.byAccount.clear();
  }

  private async fanOut(hint: LogHint): Promise<void> {
    if (this.byAccount.size === 0) return;
    try {
      for (const account of await memberAccounts(this.db, hint.collectionId)) {
        for (const subscriber of this.byAccount.get(account) ?? []) subscriber.deliver(hint);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'hints: membership lookup failed');
    }
  }
}
