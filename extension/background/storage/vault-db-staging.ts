/**
 * A staging copy of the vault database (vault-db.ts), for a vault that must appear whole or not at
 * all: a browser joining by pairing (extension/background/join/) writes its vault, runs the first
 * sync and checks the pins in `sealed-vault-join`, and only then `promote` copies every object
 * store into the real database in ONE IndexedDB transaction, which also refuses (VAULT_EXISTS) when
 * the real database got a vault meanwhile. A worker killed before that leaves the real database
 * untouched; the staging one is cleared before the next use and after a promotion.
 */
import { VaultError } from '../../../shared/protocol/errors';
import { DB_NAME, openVaultDb } from './vault-db';

export const STAGING_DB_NAME = 'sealed-vault-join';

const STORES = ['meta', 'items', 'merge-states', 'sync-state'] as const;

/** Empty every object store of the database `name`. */
export async function clearVaultDb(name: string = STAGING_DB_NAME): Promise<void> {
  const db = await openVaultDb(name);
  try {
    const tx = db.transaction([...STORES], 'readwrite');
    await Promise.all([...STORES.map((store) => tx.objectStore(store).clear()), tx.done]);
  } finally {
    db.close();
  }
}

/** Copy everything from `from` into `to` (which must hold no vault) in one transaction. */
export async function promoteVaultDb(from: string = STAGING_DB_NAME, to: string = DB_NAME): Promise<void> {
  const source = await openVaultDb(from);
  let rows: { store: (typeof STORES)[number]; keys: IDBValidKey[]; values: unknown[] }[];
  try {
    const tx = source.transaction([...STORES]);
    rows = await Promise.all(
      STORES.map(async (store) => ({ store, keys: await tx.objectStore(store).getAllKeys(), values: await tx.objectStore(store).getAll() })),
    );
    await tx.done;
  } finally {
    source.close();
  }
  const target = await openVaultDb(to);
  try {
    const tx = target.transaction([...STORES], 'readwrite');
    const done = tx.done;
    try {
      if ((await tx.objectStore('meta').get('header')) !== undefined) {
        tx.abort();
        throw new VaultError('VAULT_EXISTS', 'this browser got a vault while joining: nothing was written');
      }
      const writes: Promise<unknown>[] = [];
      for (const { store, keys, values } of rows) {
        values.forEach((value, i) => {
          // meta and sync-state have out-of-line keys; items and merge-states carry their id.
          if (store === 'meta' || store === 'sync-state') writes.push(tx.objectStore(store).put(value, keys[i] as string));
          else writes.push(tx.objectStore(store).put(value as never));
        });
      }
      await Promise.all(writes);
    } catch (error) {
      await done.catch(() => undefined);
      throw error;
    }
    await done;
  } finally {
    target.close();
  }
}
