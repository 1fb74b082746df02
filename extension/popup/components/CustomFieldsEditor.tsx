/** An item's custom fields in the form: name, value, and whether the value is hidden (a secret). */
import type { CustomRow } from '../item-form-values';
import type { FormErrors } from '../item-form-validation';
import { SecretInput } from './SecretInput';
import { TextField } from './TextField';

interface CustomFieldsEditorProps {
  rows: readonly CustomRow[];
  onChange: (rows: readonly CustomRow[]) => void;
  errors: FormErrors;
}

export function CustomFieldsEditor({ rows, onChange, errors }: CustomFieldsEditorProps) {
  const update = (index: number, row: CustomRow) => onChange(rows.map((r, i) => (i === index ? row : r)));
  return (
    <fieldset className="custom-fields">
      <legend>Custom fields</legend>
      {rows.map((row, index) => {
        const n = index + 1;
        return (
          <div className="custom-row" key={index}>
            <TextField label={`Field ${n} name`} value={row.name} onChange={(name) => update(index, { ...row, name })} error={errors[`custom.${index}`]} />
            {row.hidden ? (
              <SecretInput label={`Field ${n} value`} value={row.value} onChange={(value) => update(index, { ...row, value })} />
            ) : (
              <TextField label={`Field ${n} value`} value={row.value} onChange={(value) => update(index, { ...row, value })} />
            )}
            <div className="url-row-controls">
              <label className="check">
                <input type="checkbox" checked={row.hidden} onChange={(e) => update(index, { ...row, hidden: e.target.checked })} /> Keep field {n} secret
              </label>
              <button type="button" className="small" aria-label={`Remove field ${n}`} onClick={() => onChange(rows.filter((_, i) => i !== index))}>
                Remove
              </button>
            </div>
          </div>
        );
      })}
      <button type="button" className="small" onClick={() => onChange([...rows, { name: '', value: '', hidden: false }])}>
        Add custom field
      </button>
    </fieldset>
  );
}
