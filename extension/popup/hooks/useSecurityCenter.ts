/**
 * `useSecurityCenter()`: the security events recorded on this device and whether the person paused
 * sync, with the pause and resume actions (messages `security/*`).
 */
import { useCallback, useEffect, useState } from 'react';
import type { SecurityCenterView } from '../../../shared/protocol/security-messages';
import { send } from '../messaging';
import { useVault } from './useVault';

export type SecurityCenterState = { phase: 'loading' } | { phase: 'ready'; view: SecurityCenterView } | { phase: 'failed'; code: string };

export function useSecurityCenter() {
  const { fail } = useVault();
  const [state, setState] = useState<SecurityCenterState>({ phase: 'loading' });

  useEffect(() => {
    let live = true;
    send('security/events', {})
      .then((view) => live && setState({ phase: 'ready', view }))
      .catch((error: unknown) => live && setState({ phase: 'failed', code: fail(error) }));
    return () => {
      live = false;
    };
  }, [fail]);

  const run = useCallback(
    async (work: () => Promise<SecurityCenterView>) => {
      const view = await work();
      setState({ phase: 'ready', view });
    },
    [],
  );

  return {
    state,
    pause: () => run(() => send('security/pause', {})),
    resume: () => run(() => send('security/resume', {})),
  };
}
