/**
 * One operation at a time per collection inside one engine: `recordChanges`, `sync`, `stamp` and
 * `approveRepin` each load, change and save the collection's state, so two of them interleaving
 * would lose an update (an outbox entry, an HLC tick). Operations on different collections run
 * concurrently. A failed operation does not block the next one.
 */
export class CollectionLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(collection: string, operation: () => Promise<T>): Promise<T> {
    const before = this.tails.get(collection) ?? Promise.resolve();
    const result = before.then(operation);
    const tail = result.catch(() => undefined);
    this.tails.set(collection, tail);
    void tail.then(() => {
      if (this.tails.get(collection) === tail) this.tails.delete(collection);
    });
    return result;
  }
}
