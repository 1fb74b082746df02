/**
 * `usePasswordAssessment(password)`: the background's verdict on a new master password
 * (`password/assess`, zxcvbn-ts in the worker), asked for once typing pauses. Returns null while
 * the field is empty or the verdict for the current text has not arrived.
 */
import { useEffect, useState } from 'react';
import type { PasswordAssessment } from '../../../shared/protocol/messages';
import { send } from '../messaging';

const PAUSE_MS = 200;

export function usePasswordAssessment(password: string): PasswordAssessment | null {
  const [result, setResult] = useState<{ password: string; assessment: PasswordAssessment } | null>(null);
  useEffect(() => {
    if (password === '') return undefined;
    let live = true;
    const timer = setTimeout(() => {
      send('password/assess', { password: password.slice(0, 1024) })
        .then((assessment) => live && setResult({ password, assessment }))
        .catch(() => undefined);
    }, PAUSE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [password]);
  return result !== null && result.password === password && password !== '' ? result.assessment : null;
}
