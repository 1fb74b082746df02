/**
 * Handlers for the vault's lock state and settings: create, unlock, lock, change password,
 * settings. New master passwords must pass the strength policy before any key is derived.
 */
import { VaultError } from '../../../shared/protocol/errors';
import type { Handlers } from '../router';
import type { SettingsStore } from '../vault/settings';
import type { VaultSession } from '../vault/vault-session';

export interface VaultHandlerDeps {
  vault: VaultSession;
  settings: SettingsStore;
  /** A reason code when a new master password is too weak, else null. */
  masterPasswordProblem: (password: string) => string | null;
  /** Told after settings change (the host re-applies the idle detection interval). */
  onSettingsChanged?: () => Promise<void>;
}

type VaultHandlers = Pick<
  Handlers,
  'vault/create' | 'vault/unlock' | 'vault/lock' | 'vault/change-password' | 'vault/kdf-get' | 'vault/kdf-set' | 'settings/get' | 'settings/set'
>;

export function vaultHandlers(deps: VaultHandlerDeps): VaultHandlers {
  const requireStrong = (password: string) => {
    const problem = deps.masterPasswordProblem(password);
    if (problem !== null) throw new VaultError('WEAK_PASSWORD', problem);
  };
  return {
    'vault/create': async ({ password }) => {
      requireStrong(password);
      await deps.vault.create(password);
      return {};
    },
    'vault/unlock': async ({ password }) => {
      await deps.vault.unlock(password);
      return {};
    },
    'vault/lock': async () => {
      await deps.vault.lock();
      return {};
    },
    'vault/change-password': async ({ current, next }) => {
      requireStrong(next);
      await deps.vault.changePassword(current, next);
      return {};
    },
    'vault/kdf-get': async () => deps.vault.kdf(),
    'vault/kdf-set': async ({ password, m, t, p }) => {
      await deps.vault.changePassword(password, password, { m, t, p });
      return {};
    },
    'settings/get': async () => deps.settings.get(),
    'settings/set': async (changes) => {
      const settings = await deps.settings.update(changes);
      await deps.onSettingsChanged?.();
      await deps.vault.touch();
      return settings;
    },
  };
}
