/**
 * A login's websites in the form: one address per row ("Website", "Website 2", …) with how
 * autofill may match it (DESIGN.md §10), rows added and removed by button.
 */
import { URL_MATCH_LABELS, type UrlMatch, type UrlRow } from '../item-form-values';
import type { FormErrors } from '../item-form-validation';
import { TextField } from './TextField';

interface UrlListEditorProps {
  rows: readonly UrlRow[];
  onChange: (rows: readonly UrlRow[]) => void;
  errors: FormErrors;
}

export function UrlListEditor({ rows, onChange, errors }: UrlListEditorProps) {
  const update = (index: number, row: UrlRow) => onChange(rows.map((r, i) => (i === index ? row : r)));
  const suffix = (index: number) => (index === 0 ? '' : ` ${index + 1}`);
  return (
    <div className="url-list">
      {rows.map((row, index) => (
        <div className="url-row" key={index}>
          <TextField
            label={`Website${suffix(index)}`}
            value={row.url}
            onChange={(url) => update(index, { ...row, url })}
            error={errors[`urls.${index}`]}
            hint={index === 0 ? 'Autofill offers this login only on these addresses.' : undefined}
          />
          <div className="url-row-controls">
            <label className="inline-field">
              <span>Match rule{suffix(index)}</span>
              <select value={row.match} onChange={(e) => update(index, { ...row, match: e.target.value as UrlMatch })}>
                {(Object.keys(URL_MATCH_LABELS) as UrlMatch[]).map((match) => (
                  <option key={match} value={match}>
                    {URL_MATCH_LABELS[match]}
                  </option>
                ))}
              </select>
            </label>
            {rows.length > 1 ? (
              <button type="button" className="small" aria-label={`Remove URL${suffix(index)}`} onClick={() => onChange(rows.filter((_, i) => i !== index))}>
                Remove
              </button>
            ) : null}
          </div>
        </div>
      ))}
      <button type="button" className="small" onClick={() => onChange([...rows, { url: '', match: 'origin' }])}>
        Add another website
      </button>
    </div>
  );
}
