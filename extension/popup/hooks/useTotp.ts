/**
 * `useTotp(readSeed)`: the current one-time code of a login and the seconds until it changes,
 * recomputed every second. The seed is read once, kept in a ref (never React state) and dropped
 * when the view closes.
 */
import { useEffect, useRef, useState } from 'react';
import type { TOTP } from 'otpauth';
import { totpFromSeed, totpNow, type TotpNow } from '../totp-code';

export type TotpState = { phase: 'loading' } | { phase: 'ready'; now: TotpNow } | { phase: 'failed' };

export function useTotp(readSeed: () => Promise<string>): TotpState {
  const totp = useRef<TOTP | null>(null);
  const [state, setState] = useState<TotpState>({ phase: 'loading' });
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setInterval> | undefined;
    const tick = () => {
      if (totp.current !== null) setState({ phase: 'ready', now: totpNow(totp.current, Date.now()) });
    };
    readSeed()
      .then((seed) => {
        if (!live) return;
        totp.current = totpFromSeed(seed);
        if (totp.current === null) return setState({ phase: 'failed' });
        tick();
        timer = setInterval(tick, 1000);
      })
      .catch(() => live && setState({ phase: 'failed' }));
    return () => {
      live = false;
      clearInterval(timer);
      totp.current = null;
    };
  }, [readSeed]);
  return state;
}
