/**
 * `useSettings()`: the vault's settings (auto-lock, lock with the computer, clipboard clearing)
 * and `save(changes)`, which returns the settings as the background stored them.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Req, Settings } from '../../../shared/protocol/messages';
import { send } from '../messaging';
import { useVault } from './useVault';

export type SettingsState = { phase: 'loading' } | { phase: 'ready'; settings: Settings } | { phase: 'failed'; code: string };

export function useSettings() {
  const { fail } = useVault();
  const [state, setState] = useState<SettingsState>({ phase: 'loading' });
  useEffect(() => {
    let live = true;
    send('settings/get', {})
      .then((settings) => live && setState({ phase: 'ready', settings }))
      .catch((error: unknown) => live && setState({ phase: 'failed', code: fail(error) }));
    return () => {
      live = false;
    };
  }, [fail]);
  const save = useCallback(
    async (changes: Req<'settings/set'>): Promise<Settings> => {
      try {
        const settings = await send('settings/set', changes);
        setState({ phase: 'ready', settings });
        return settings;
      } catch (error) {
        fail(error);
        throw error;
      }
    },
    [fail],
  );
  return { state, save };
}
