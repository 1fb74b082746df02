/**
 * A secret input in the add/edit form (password, key, TOTP secret): masked, with a "Show …"
 * toggle and, for passwords, a "Generate" button that opens the generator below the field.
 */
import { useId, useRef, useState } from 'react';
import { GeneratorPanel } from './GeneratorPanel';
import { TextField } from './TextField';

export interface SecretInputProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  multiline?: boolean;
  generate?: boolean | undefined;
  mono?: boolean | undefined;
}

export function SecretInput(props: SecretInputProps) {
  const panelId = useId();
  const input = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [shown, setShown] = useState(false);
  const [generating, setGenerating] = useState(false);
  // The buttons are named "Show" and "Generate" and described by the field's label, so a label
  // search ("Card number") finds only the input.
  const actions = (ids: { input: string; label: string }) => (
    <>
      <button type="button" className="small" aria-pressed={shown} aria-controls={ids.input} aria-describedby={ids.label} onClick={() => setShown(!shown)}>
        Show
      </button>
      {props.generate === true ? (
        <button type="button" className="small" aria-expanded={generating} aria-controls={panelId} aria-describedby={ids.label} onClick={() => setGenerating(!generating)}>
          Generate
        </button>
      ) : null}
    </>
  );
  return (
    <div className={props.multiline === true && !shown ? 'secret-input masked-text' : 'secret-input'}>
      <TextField
        label={props.label}
        type={shown ? 'text' : 'password'}
        multiline={props.multiline}
        value={props.value}
        onChange={props.onChange}
        error={props.error}
        mono={props.mono}
        autoComplete={props.generate === true ? 'new-password' : 'off'}
        inputRef={input}
        actions={actions}
      />
      {generating ? (
        <GeneratorPanel
          id={panelId}
          onUse={(value) => {
            props.onChange(value);
            setGenerating(false);
            input.current?.focus();
          }}
          onClose={() => setGenerating(false)}
        />
      ) : null}
    </div>
  );
}
