/** The form inputs of one item type, in catalog order (item-fields.ts), each with its label and error. */
import type { ItemType } from '../../../shared/protocol/messages';
import { editableFields, type UrlRow } from '../item-form-values';
import type { FormErrors } from '../item-form-validation';
import type { FieldSpec } from '../item-fields';
import { SecretInput } from './SecretInput';
import { TextField } from './TextField';
import { UrlListEditor } from './UrlListEditor';
import { FIELDS } from '../item-fields';

interface TypeFieldsProps {
  type: ItemType;
  fields: Readonly<Record<string, string>>;
  onField: (key: string, value: string) => void;
  urls: readonly UrlRow[];
  onUrls: (rows: readonly UrlRow[]) => void;
  errors: FormErrors;
}

const INPUT_TYPES = { email: 'email', tel: 'tel', number: 'number', date: 'date' } as const;

function Field({ spec, props }: { spec: FieldSpec; props: TypeFieldsProps }) {
  const value = props.fields[spec.key] ?? '';
  const onChange = (next: string) => props.onField(spec.key, next);
  const error = props.errors[spec.key];
  if (spec.kind === 'secret' || spec.kind === 'secret-multiline' || spec.kind === 'totp') {
    return (
      <SecretInput label={spec.label} value={value} onChange={onChange} error={error} multiline={spec.kind === 'secret-multiline'} generate={spec.generate} mono={spec.mono} />
    );
  }
  const type = spec.kind in INPUT_TYPES ? INPUT_TYPES[spec.kind as keyof typeof INPUT_TYPES] : 'text';
  const hint = spec.kind === 'lines' ? 'One line per address line.' : spec.key === 'publicKey' ? 'Leave empty to read it from an OpenSSH private key.' : undefined;
  return (
    <TextField
      label={spec.label}
      type={type}
      multiline={spec.kind === 'multiline' || spec.kind === 'lines'}
      value={value}
      onChange={onChange}
      error={error}
      hint={hint}
      mono={spec.mono}
      min={spec.min}
      max={spec.max}
      required={spec.required}
    />
  );
}

export function TypeFields(props: TypeFieldsProps) {
  const editable = new Set(editableFields(props.type).map((spec) => spec.key));
  return (
    <>
      {FIELDS[props.type].map((spec) =>
        spec.kind === 'urls' ? (
          <UrlListEditor key={spec.key} rows={props.urls} onChange={props.onUrls} errors={props.errors} />
        ) : editable.has(spec.key) ? (
          <Field key={spec.key} spec={spec} props={props} />
        ) : null,
      )}
    </>
  );
}
