/**
 * The popup's top level: picks the screen for the vault's state.
 */
import { useAppStatus } from './hooks/useAppStatus';
import { ErrorScreen } from './screens/ErrorScreen';
import { LoadingScreen } from './screens/LoadingScreen';
import { WelcomeScreen } from './screens/WelcomeScreen';

export function App() {
  const app = useAppStatus();
  if (app.phase === 'loading') return <LoadingScreen />;
  if (app.phase === 'failed') return <ErrorScreen code={app.code} />;
  return <WelcomeScreen version={app.status.version} />;
}
