/**
 * `useGenerator(options)`: a password or passphrase from the background's generator
 * (crypto.getRandomValues with unbiased sampling), made again whenever the options change or
 * `regenerate()` is called.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Req, Res } from '../../../shared/protocol/messages';
import { describeError, errorCode } from '../error-messages';
import { send } from '../messaging';

export type PasswordOptions = Req<'generator/password'>;
export type PassphraseOptions = Req<'generator/passphrase'>;
export type GeneratorOptions = { mode: 'password'; password: PasswordOptions } | { mode: 'passphrase'; passphrase: PassphraseOptions };
export type Generated = Res<'generator/password'>;

export const DEFAULT_PASSWORD: PasswordOptions = { length: 20, lower: true, upper: true, digits: true, symbols: true, avoidAmbiguous: true };
export const DEFAULT_PASSPHRASE: PassphraseOptions = { words: 5, separator: '-', capitalize: false, includeDigit: true };

function generate(options: GeneratorOptions): Promise<Generated> {
  return options.mode === 'password' ? send('generator/password', options.password) : send('generator/passphrase', options.passphrase);
}

export function useGenerator(options: GeneratorOptions) {
  const [result, setResult] = useState<{ generated: Generated | null; error: string | null }>({ generated: null, error: null });
  const [round, setRound] = useState(0);
  const key = JSON.stringify(options);
  useEffect(() => {
    let live = true;
    generate(JSON.parse(key) as GeneratorOptions)
      .then((generated) => live && setResult({ generated, error: null }))
      .catch((error: unknown) => live && setResult({ generated: null, error: describeError(errorCode(error)) }));
    return () => {
      live = false;
    };
  }, [key, round]);
  const regenerate = useCallback(() => setRound((n) => n + 1), []);
  return { ...result, regenerate };
}
