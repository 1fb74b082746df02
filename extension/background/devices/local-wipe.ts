/**
 * Wiping this browser's vault after a verified removal (docs/decisions/009-revoked-device-told-and-wiped.md):
 * lock first (the keys leave memory and chrome.storage.session), then empty every store of the
 * vault database in one transaction (meta with the header and sealed bundle, items, merge states,
 * the sync engine's state and outbox), and forget the autofill "last used" map. The popup then finds
 * no vault; the removal notice is kept apart (chrome.storage.local) so it can be shown.
 */
import { DB_NAME } from '../storage/vault-db';
import { clearVaultDb } from '../storage/vault-db-staging';
import type { VaultSession } from '../vault/vault-session';

const LOCAL_KEYS = ['autofill.lastUsed'];

export function localVaultWipe(vault: Pick<VaultSession, 'lock'>, dbName: string = DB_NAME): () => Promise<void> {
  return async () => {
    await vault.lock();
    await clearVaultDb(dbName);
    await chrome.storage.local.remove(LOCAL_KEYS);
  };
}

const NOTICE_KEY = 'devices.removed';

/** The removal notice in chrome.storage.local (not secret: who removed this device, and the claimed time). */
export const chromeRemovalNotices = {
  async load(): Promise<{ by: string; claimedAt: number } | null> {
    const stored = (await chrome.storage.local.get(NOTICE_KEY))[NOTICE_KEY] as { by: string; claimedAt: number } | undefined;
    return stored ?? null;
  },
  async save(notice: { by: string; claimedAt: number } | null): Promise<void> {
    if (notice === null) await chrome.storage.local.remove(NOTICE_KEY);
    else await chrome.storage.local.set({ [NOTICE_KEY]: notice });
  },
};
