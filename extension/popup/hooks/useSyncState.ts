/**
 * `useSyncState()`: the sync status as the background reports it, refreshed every few seconds
 * while the popup is open (the popup's first request also starts a sync: opening it is a trigger),
 * and the actions: connect, sync now, approve re-pin. Polling `sync/status` does not count as
 * activity for auto-lock. While the vault is off sync (`phase: 'off'`) nothing is shown.
 */
import { useCallback, useEffect, useState } from 'react';
import type { FreezeCodeView, SyncStatusView } from '../../../shared/protocol/messages';
import { send } from '../messaging';
import { useVault } from './useVault';

const REFRESH_MS = 3_000;
/** Opening the popup is a sync trigger; screens mounting again within one popup are not. */
let kicked = false;

export type SyncState = { phase: 'loading' } | { phase: 'ready'; status: SyncStatusView } | { phase: 'failed'; code: string };

export function useSyncState() {
  const { fail } = useVault();
  const [state, setState] = useState<SyncState>({ phase: 'loading' });

  useEffect(() => {
    let live = true;
    const load = (kick: boolean) =>
      send('sync/status', kick ? { kick: true } : {})
        .then((status) => live && setState({ phase: 'ready', status }))
        .catch((error: unknown) => live && setState({ phase: 'failed', code: fail(error) }));
    void load(!kicked);
    kicked = true;
    const timer = setInterval(() => void load(false), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [fail]);

  const run = useCallback(
    async (work: () => Promise<SyncStatusView>): Promise<SyncStatusView> => {
      try {
        const status = await work();
        setState({ phase: 'ready', status });
        return status;
      } catch (error) {
        fail(error);
        throw error;
      }
    },
    [fail],
  );

  return {
    state,
    connect: (server: string) => run(() => send('sync/connect', { server })),
    syncNow: () => run(() => send('sync/now', {})),
    dismissRestored: () => run(() => send('sync/dismiss-restored', {})),
    approveRepin: (code: FreezeCodeView) => run(() => send('sync/approve-repin', { code })),
  };
}

export type SyncHandle = ReturnType<typeof useSyncState>;
