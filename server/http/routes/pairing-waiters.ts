/**
 * Long-polls of the pairing relay (docs/pairing.md §11): a GET that found nothing new waits until a
 * post or a close in this process wakes it, or, for posts made by another server process on the
 * same PostgreSQL database, until its next re-read (every `RECHECK_MS`), or until its deadline.
 * Waiters are keyed by invite id (hex); `stop` wakes everyone when the server closes, so a pending
 * long-poll never holds up a shutdown.
 */

const RECHECK_MS = 1000;

export class PairingWaiters {
  readonly #waiting = new Map<string, Set<() => void>>();
  #stopped = false;

  /** Wake every long-poll of this invite (after a post or close committed). */
  wake(invite: string): void {
    const set = this.#waiting.get(invite);
    if (set === undefined) return;
    this.#waiting.delete(invite);
    for (const resolve of set) resolve();
  }

  /** Wake everyone and answer every later wait at once (the server is closing). */
  stop(): void {
    this.#stopped = true;
    for (const invite of [...this.#waiting.keys()]) this.wake(invite);
  }

  /**
   * Re-run `read` until it returns something worth answering (`ready`), or until `deadline`
   * (epoch ms, on `now`), waiting for a wake-up or a re-check in between; returns the last result.
   */
  async until<T>(invite: string, deadline: number, now: () => number, read: () => Promise<T>, ready: (value: T) => boolean): Promise<T> {
    let value = await read();
    while (!ready(value) && !this.#stopped && now() < deadline) {
      await this.#sleep(invite, Math.min(RECHECK_MS, deadline - now()));
      value = await read();
    }
    return value;
  }

  #sleep(invite: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const set = this.#waiting.get(invite) ?? new Set<() => void>();
      this.#waiting.set(invite, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0 && this.#waiting.get(invite) === set) this.#waiting.delete(invite);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });
  }
}
