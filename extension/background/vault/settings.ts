/**
 * User settings (auto-lock, lock with the system, clipboard clearing). They are not secret and are
 * needed while locked (the auto-lock timer), so they are stored as plain numbers and booleans.
 */
import { settingsSchema, type Settings } from '../../../shared/protocol/messages';
import type { VaultStore } from './ports';

export const DEFAULT_SETTINGS: Settings = { autoLockMinutes: 15, lockOnSystemLock: true, clipboardClearSeconds: 30 };
const KEY = 'settings';

export function settingsStore(store: VaultStore) {
  return {
    async get(): Promise<Settings> {
      const parsed = settingsSchema.safeParse(await store.getMeta(KEY));
      return parsed.success ? parsed.data : DEFAULT_SETTINGS;
    },
    async update(changes: Partial<Settings>): Promise<Settings> {
      const next = settingsSchema.parse({ ...(await this.get()), ...changes });
      await store.putMeta(KEY, next);
      return next;
    },
  };
}

export type SettingsStore = ReturnType<typeof settingsStore>;
