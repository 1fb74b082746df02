/** A labelled text input (or textarea) with its hint and validation message linked by aria-describedby. */
import { useId, type ReactNode, type Ref } from 'react';

export interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'password' | 'email' | 'tel' | 'number' | 'date' | 'search';
  multiline?: boolean;
  error?: string | undefined;
  hint?: ReactNode;
  /** Ids of further describing elements (a strength meter). */
  describedBy?: string;
  autoComplete?: string;
  required?: boolean;
  autoFocus?: boolean;
  readOnly?: boolean;
  mono?: boolean;
  min?: number;
  max?: number;
  inputRef?: Ref<HTMLInputElement & HTMLTextAreaElement>;
  /** Buttons shown beside the input (Show, Generate), given the ids of the input and its label. */
  actions?: (ids: { input: string; label: string }) => ReactNode;
}

export function TextField(props: TextFieldProps) {
  const id = useId();
  const hintId = props.hint === undefined ? undefined : `${id}-hint`;
  const errorId = props.error === undefined ? undefined : `${id}-error`;
  const describedBy = [hintId, errorId, props.describedBy].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    ref: props.inputRef,
    value: props.value,
    required: props.required,
    autoFocus: props.autoFocus,
    readOnly: props.readOnly,
    autoComplete: props.autoComplete ?? 'off',
    spellCheck: false,
    className: props.mono === true ? 'mono' : undefined,
    'aria-invalid': props.error === undefined ? undefined : true,
    'aria-describedby': describedBy,
  };
  return (
    <div className="field">
      <label htmlFor={id} id={`${id}-label`}>
        {props.label}
      </label>
      <div className="field-row">
        {props.multiline === true ? (
          <textarea {...common} rows={4} onChange={(e) => props.onChange(e.target.value)} />
        ) : (
          <input {...common} type={props.type ?? 'text'} min={props.min} max={props.max} onChange={(e) => props.onChange(e.target.value)} />
        )}
        {props.actions?.({ input: id, label: `${id}-label` })}
      </div>
      {props.hint === undefined ? null : (
        <p id={hintId} className="hint">
          {props.hint}
        </p>
      )}
      {props.error === undefined ? null : (
        <p id={errorId} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}
