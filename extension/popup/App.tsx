/**
 * The popup's top level: asks the background for the vault's state and shows the screen for it:
 * no vault → create, locked → unlock, unlocked → the vault. Any screen may move the state on
 * (create, unlock, lock, or a LOCKED answer after auto-lock) through the vault context.
 */
import { useMemo, useState } from 'react';
import type { VaultState } from '../../shared/protocol/messages';
import { useAppStatus } from './hooks/useAppStatus';
import { VaultContext, vaultContextValue } from './hooks/useVault';
import { CreateVaultScreen } from './screens/CreateVaultScreen';
import { ErrorScreen } from './screens/ErrorScreen';
import { LoadingScreen } from './screens/LoadingScreen';
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
  return (
    <VaultContext.Provider value={value}>
      {state === 'no-vault' ? <RemovalNotice /> : null}
      {state === 'no-vault' ? <CreateVaultScreen /> : state === 'locked' ? <UnlockScreen /> : <UnlockedVault />}
    </VaultContext.Provider>
  );
}
