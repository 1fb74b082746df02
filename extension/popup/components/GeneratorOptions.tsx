/** The generator's options: for random characters, and for passphrases. */
import type { PassphraseOptions, PasswordOptions } from '../hooks/useGenerator';

function Range({ label, value, min, max, onChange }: { label: string; value: number; min: number; max: number; onChange: (n: number) => void }) {
  return (
    <label className="range">
      <span>
        {label}: <strong>{value}</strong>
      </span>
      <input type="range" aria-label={label} min={min} max={max} value={value} onChange={(e) => onChange(Number(e.target.value))} />
    </label>
  );
}

function Check({ label, checked, onChange, disabled }: { label: string; checked: boolean; onChange: (v: boolean) => void; disabled?: boolean }) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} /> {label}
    </label>
  );
}

const CLASSES = [
  ['lower', 'Lowercase letters (a–z)'],
  ['upper', 'Uppercase letters (A–Z)'],
  ['digits', 'Digits (0–9)'],
  ['symbols', 'Symbols (!#%…)'],
] as const;

export function PasswordOptionsFields({ value, onChange }: { value: PasswordOptions; onChange: (v: PasswordOptions) => void }) {
  const chosen = CLASSES.filter(([key]) => value[key]).length;
  return (
    <div className="options">
      <Range label="Length" value={value.length} min={8} max={128} onChange={(length) => onChange({ ...value, length })} />
      {CLASSES.map(([key, label]) => (
        <Check key={key} label={label} checked={value[key]} disabled={value[key] && chosen === 1} onChange={(on) => onChange({ ...value, [key]: on })} />
      ))}
      <Check label="Avoid look-alike characters (l, 1, O, 0)" checked={value.avoidAmbiguous} onChange={(avoidAmbiguous) => onChange({ ...value, avoidAmbiguous })} />
    </div>
  );
}

export function PassphraseOptionsFields({ value, onChange }: { value: PassphraseOptions; onChange: (v: PassphraseOptions) => void }) {
  return (
    <div className="options">
      <Range label="Words" value={value.words} min={3} max={20} onChange={(words) => onChange({ ...value, words })} />
      <label className="inline-field">
        <span>Separator</span>
        <input type="text" maxLength={3} value={value.separator} onChange={(e) => onChange({ ...value, separator: e.target.value })} />
      </label>
      <Check label="Capitalise words" checked={value.capitalize} onChange={(capitalize) => onChange({ ...value, capitalize })} />
      <Check label="Include a digit" checked={value.includeDigit} onChange={(includeDigit) => onChange({ ...value, includeDigit })} />
    </div>
  );
}
