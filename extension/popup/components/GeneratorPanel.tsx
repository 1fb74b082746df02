/**
 * The password generator: random characters (length, character classes, no look-alikes) or a
 * passphrase (word count, separator, capitals, a digit), made by the background, with its entropy,
 * "Use this password" and "Copy".
 */
import { useId, useState } from 'react';
import { DEFAULT_PASSPHRASE, DEFAULT_PASSWORD, useGenerator, type GeneratorOptions } from '../hooks/useGenerator';
import { useClipboard } from '../hooks/useClipboard';
import { PassphraseOptionsFields, PasswordOptionsFields } from './GeneratorOptions';

function strengthWords(bits: number): string {
  if (bits >= 100) return 'excellent';
  if (bits >= 75) return 'strong';
  if (bits >= 50) return 'fair';
  return 'weak';
}

export function GeneratorPanel({ id, onUse, onClose }: { id?: string; onUse?: (value: string) => void; onClose?: () => void }) {
  const kindName = useId();
  const [options, setOptions] = useState<GeneratorOptions>({ mode: 'password', password: DEFAULT_PASSWORD });
  const { generated, error, regenerate } = useGenerator(options);
  const clipboard = useClipboard();
  const setMode = (mode: 'password' | 'passphrase') =>
    setOptions(mode === 'password' ? { mode, password: DEFAULT_PASSWORD } : { mode, passphrase: DEFAULT_PASSPHRASE });

  return (
    <div className="generator" id={id} role="group" aria-label="Password generator">
      <fieldset className="segmented">
        <legend className="visually-hidden">Kind of password</legend>
        {(['password', 'passphrase'] as const).map((mode) => (
          <label key={mode}>
            <input type="radio" name={kindName} checked={options.mode === mode} onChange={() => setMode(mode)} />
            <span>{mode === 'password' ? 'Random characters' : 'Words (passphrase)'}</span>
          </label>
        ))}
      </fieldset>
      {options.mode === 'password' ? (
        <PasswordOptionsFields value={options.password} onChange={(password) => setOptions({ mode: 'password', password })} />
      ) : (
        <PassphraseOptionsFields value={options.passphrase} onChange={(passphrase) => setOptions({ mode: 'passphrase', passphrase })} />
      )}
      <output className="generated mono" aria-label="Generated password">
        {generated?.value ?? ''}
      </output>
      <p className="muted small" aria-live="polite">
        {error ?? (generated === null ? 'Generating…' : `${Math.round(generated.entropyBits)} bits of entropy (${strengthWords(generated.entropyBits)})`)}
      </p>
      <div className="actions">
        {onUse === undefined ? null : (
          <button type="button" className="primary" disabled={generated === null} onClick={() => generated !== null && onUse(generated.value)}>
            Use this password
          </button>
        )}
        <button type="button" disabled={generated === null} onClick={() => generated !== null && clipboard.copy('generated password', generated.value)}>
          Copy
        </button>
        <button type="button" onClick={regenerate}>
          Regenerate
        </button>
        {onClose === undefined ? null : (
          <button type="button" onClick={onClose}>
            Close
          </button>
        )}
      </div>
      <p role="status" className="status">
        {clipboard.message}
      </p>
    </div>
  );
}
