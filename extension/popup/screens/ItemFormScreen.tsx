/**
 * Adding or editing an item: the type picker, then the fields of that type (item-fields.ts), notes,
 * folder, tags, favourite and custom fields. Problems are shown beside their fields and linked by
 * aria-describedby; the first one takes focus. Save sends an ItemDraft (`items/save`).
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { flushSync } from 'react-dom';
import type { ItemType } from '../../../shared/protocol/messages';
import { describeError, errorDetail } from '../error-messages';
import { CustomFieldsEditor } from '../components/CustomFieldsEditor';
import { ScreenHeader } from '../components/ScreenHeader';
import { TextField } from '../components/TextField';
import { TypeFields } from '../components/TypeFields';
import { ITEM_TYPE_LABELS, ITEM_TYPE_ORDER } from '../item-fields';
import { draftFromValues, editableFields, emptyValues, valuesFromItem, withType, type FormValues } from '../item-form-values';
import { errorsFromInvalidItem, validateValues, type FormErrors } from '../item-form-validation';
import { useVault } from '../hooks/useVault';
import { send } from '../messaging';

interface ItemFormScreenProps {
  id?: string | undefined;
  onCancel: () => void;
  onSaved: (id: string) => void;
}

/** Errors the form cannot place beside a field join the form-level message. */
function placeErrors(values: FormValues, errors: FormErrors): FormErrors {
  const shown = new Set(['name', 'form', ...editableFields(values.type).map((s) => s.key)]);
  const placed: Record<string, string> = {};
  for (const [key, text] of Object.entries(errors)) {
    if (shown.has(key) || /^(urls|custom)\.\d+$/.test(key)) placed[key] = text;
    else placed.form = `${placed.form ?? ''} ${key}: ${text}`.trim();
  }
  return placed;
}

export function ItemFormScreen({ id, onCancel, onSaved }: ItemFormScreenProps) {
  const { fail } = useVault();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<FormValues | null>(id === undefined ? emptyValues('login') : null);
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (id === undefined) return undefined;
    let live = true;
    send('items/get', { id })
      .then(({ item }) => live && setValues(valuesFromItem(item)))
      .catch((error: unknown) => live && setErrors({ form: describeError(fail(error)) }));
    return () => {
      live = false;
    };
  }, [id, fail]);

  /** Applies a change and drops the errors of the fields it touched (`prefix` matches `urls.N`, `custom.N`). */
  const set = (change: Partial<FormValues>, touched: string) => {
    setValues((current) => (current === null ? current : { ...current, ...change }));
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => key !== touched && !key.startsWith(`${touched}.`))));
  };
  const showErrors = (next: FormErrors) => {
    flushSync(() => setErrors(next));
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"], [role="alert"]')?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (values === null || busy) return;
    const problems = validateValues(values);
    if (Object.keys(problems).length > 0) return showErrors(problems);
    setBusy(true);
    try {
      const saved = await send('items/save', { draft: draftFromValues(values, id) });
      setValues(null);
      onSaved(saved.id);
    } catch (error) {
      setBusy(false);
      const code = fail(error);
      showErrors(code === 'INVALID_ITEM' ? placeErrors(values, errorsFromInvalidItem(errorDetail(error))) : { form: describeError(code) });
    }
  };

  const fieldErrors = Object.keys(errors).filter((key) => key !== 'form').length;
  return (
    <main className="screen form-screen">
      <ScreenHeader title={id === undefined ? 'Add item' : 'Edit item'} onBack={onCancel} />
      {values === null ? (
        errors.form === undefined ? <p className="muted">Loading…</p> : <p role="alert" className="form-error">{errors.form}</p>
      ) : (
        <form ref={form} className="stack" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="item-type">Item type</label>
            <select id="item-type" value={values.type} disabled={id !== undefined} onChange={(e) => {
                setValues(withType(values, e.target.value as ItemType));
                setErrors({});
              }}>
              {ITEM_TYPE_ORDER.map((type) => (
                <option key={type} value={type}>
                  {ITEM_TYPE_LABELS[type]}
                </option>
              ))}
            </select>
          </div>
          <TextField label="Name" value={values.name} onChange={(name) => set({ name }, 'name')} error={errors.name} required />
          <TypeFields
            type={values.type}
            fields={values.fields}
            onField={(key, value) => set({ fields: { ...values.fields, [key]: value } }, key)}
            urls={values.urls}
            onUrls={(urls) => set({ urls }, 'urls')}
            errors={errors}
          />
          <TextField label="Notes" multiline value={values.notes} onChange={(notes) => set({ notes }, 'notes')} />
          <TextField label="Folder" value={values.folder} onChange={(folder) => set({ folder }, 'folder')} />
          <TextField label="Tags" value={values.tags} onChange={(tags) => set({ tags }, 'tags')} hint="Separate tags with commas." />
          <label className="check">
            <input type="checkbox" checked={values.favourite} onChange={(e) => set({ favourite: e.target.checked }, 'favourite')} /> Favourite
          </label>
          <CustomFieldsEditor rows={values.customFields} onChange={(customFields) => set({ customFields }, 'custom')} errors={errors} />
          {errors.form !== undefined || fieldErrors > 0 ? (
            <p role="alert" className="form-error" tabIndex={-1}>
              {errors.form ?? (fieldErrors === 1 ? 'One field needs attention.' : `${fieldErrors} fields need attention.`)}
            </p>
          ) : null}
          <div className="actions sticky">
            <button type="submit" className="primary" disabled={busy}>
              Save
            </button>
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </main>
  );
}
