/**
 * Erasing this browser's vault (security center → delete my account → "erase this browser's
 * vault"): every object store of the vault database is cleared in one transaction, so the header,
 * items, merge states, sync state, the sealed sync account and security log go together or not at
 * all. The browser then has no vault (the popup offers to create one). The database itself stays
 * (deleting it would wait for every open connection of the worker to close).
 */
import { openVaultDb } from './vault-db';

export async function eraseVaultDatabase(name?: string): Promise<void> {
  const db = await openVaultDb(name);
  try {
    const stores = [...db.objectStoreNames];
    const tx = db.transaction(stores, 'readwrite');
    await Promise.all([...stores.map((store) => tx.objectStore(store).clear()), tx.done]);
  } finally {
    db.close();
  }
}
