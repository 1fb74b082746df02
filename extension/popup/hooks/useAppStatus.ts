/**
 * `useAppStatus()`: asks the background for the version and vault state when the popup opens.
 */
import { useEffect, useState } from 'react';
import type { Res } from '../../../shared/protocol/messages';
import { errorCode } from '../error-messages';
import { send } from '../messaging';

export type AppStatus =
  | { phase: 'loading' }
  | { phase: 'ready'; status: Res<'app/status'> }
  | { phase: 'failed'; code: string };

export function useAppStatus(): AppStatus {
  const [state, setState] = useState<AppStatus>({ phase: 'loading' });
  useEffect(() => {
    let live = true;
    send('app/status', {})
      .then((status) => live && setState({ phase: 'ready', status }))
      .catch((error: unknown) => live && setState({ phase: 'failed', code: errorCode(error) }));
    return () => {
      live = false;
    };
  }, []);
  return state;
}
