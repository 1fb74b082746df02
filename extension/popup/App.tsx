/**
 * The popup's top level: asks the background for the vault's state and shows the screen for it:
 * no vault → create, locked → unlock, unlocked → the vault. Any screen may move the state on
 * (create, unlock, lock, or a LOCKED answer after auto-lock) through the vault context.
 */
import { useEffect, useMemo, useState } from 'react';
import type { RestoreStatusView } from '../../shared/protocol/messages';
import { send } from './messaging';
import type { VaultState } from '../../shared/protocol/messages';
import { useAppStatus } from './hooks/useAppStatus';
import { VaultContext, vaultContextValue } from './hooks/useVault';
import { CreateVaultScreen } from './screens/CreateVaultScreen';
import { ErrorScreen } from './screens/ErrorScreen';
import { LoadingScreen } from './screens/LoadingScreen';
import { RestoreScreen, restoreUnderWay } from './screens/RestoreScreen';
import { UnlockScreen } from './screens/UnlockScreen';
import { UnlockedVault } from './UnlockedVault';
import { RemovalNotice } from './components/RemovalNotice';

export function App() {
  const app = useAppStatus();
  if (app.phase === 'loading') return <LoadingScreen />;
  if (app.phase === 'failed') return <ErrorScreen code={app.code} />;
  return <VaultRoot initial={app.status.vault} version={app.status.version} />;
}

function VaultRoot({ initial, version }: { initial: VaultState; version: string }) {
  const [state, setState] = useState<VaultState>(initial);
  const value = useMemo(() => vaultContextValue(state, version, setState), [state, version]);
  const [restoring, setRestoring] = useState(false);
  const [running, setRunning] = useState<RestoreStatusView | undefined>();
  useEffect(() => {
    // A restore saving its vault may show as locked for a moment: its progress is shown instead.
    if (initial === 'unlocked') return;
    void send('recovery/restore-status', {}).then((status) => (restoreUnderWay(status) ? setRunning(status) : undefined), () => undefined);
  }, [initial]);
  return (
    <VaultContext.Provider value={value}>
      {state !== 'unlocked' && running !== undefined ? <RestoreScreen running={running} onBack={() => setRunning(undefined)} /> : null}
      {state === 'no-vault' && running === undefined && restoring ? <RestoreScreen onBack={() => setRestoring(false)} /> : null}
      {state === 'no-vault' && running === undefined && !restoring ? <RemovalNotice /> : null}
      {state === 'no-vault' && running === undefined && !restoring ? <CreateVaultScreen onRestore={() => setRestoring(true)} /> : null}
      {state === 'locked' && running === undefined ? <UnlockScreen /> : null}
      {state === 'unlocked' ? <UnlockedVault /> : null}
    </VaultContext.Provider>
  );
}
