/**
 * `useVault()`: the vault's lock state as the popup knows it, shared through context, and `fail()`,
 * which every hook calls with what `send()` threw: a LOCKED answer (auto-lock while the popup was
 * open) moves the popup to the unlock screen. `vaultContextValue()` builds the provider's value.
 */
import { createContext, useContext } from 'react';
import type { VaultState } from '../../../shared/protocol/messages';
import { errorCode } from '../error-messages';

export interface VaultHandle {
  state: VaultState;
  version: string;
  setState: (state: VaultState) => void;
  /** The code of a failed call; switches to the unlock screen when the vault turned out locked. */
  fail: (error: unknown) => string;
}

export const VaultContext = createContext<VaultHandle | null>(null);

export function vaultContextValue(state: VaultState, version: string, setState: (state: VaultState) => void): VaultHandle {
  const fail = (error: unknown): string => {
    const code = errorCode(error);
    if (code === 'LOCKED') setState('locked');
    if (code === 'NO_VAULT') setState('no-vault');
    return code;
  };
  return { state, version, setState, fail };
}

export function useVault(): VaultHandle {
  const context = useContext(VaultContext);
  if (context === null) throw new Error('useVault() outside <VaultContext.Provider>');
  return context;
}
