/**
 * Checks the add/edit form before it is sent, so a person sees what to fix beside the field, and
 * maps the vault's INVALID_ITEM answer ("urls.0.url: must be http or https") to the same places.
 * The vault re-checks everything; these checks only save a round trip and word the problem.
 */
import { fromDateInput } from './dates';
import { editableFields, type FormValues } from './item-form-values';

/** Problems keyed by field: 'name', a catalog key, `urls.N`, `custom.N`; 'form' for the rest. */
export type FormErrors = Readonly<Record<string, string>>;

/** A typed web address as the vault will store it: https:// added when no scheme was given. */
function webAddressProblem(text: string): boolean {
  const trimmed = text.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  try {
    const url = new URL(withScheme);
    return !(url.protocol === 'https:' || url.protocol === 'http:') || url.hostname === '' || url.username !== '' || url.password !== '';
  } catch {
    return true;
  }
}

function totpProblem(text: string): boolean {
  const trimmed = text.trim();
  if (/^otpauth:/i.test(trimmed)) return !/^otpauth:\/\/totp\//i.test(trimmed);
  const base32 = trimmed.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
  return !/^[A-Z2-7]+$/.test(base32) || base32.length < 16;
}

function fieldProblem(kind: string, text: string, min?: number, max?: number): string | null {
  if (kind === 'number') {
    const n = Number(text);
    return Number.isInteger(n) && (min === undefined || n >= min) && (max === undefined || n <= max) ? null : `Enter a whole number from ${min ?? 0} to ${max ?? '∞'}.`;
  }
  if (kind === 'date') return fromDateInput(text) === null ? 'Enter a date.' : null;
  if (kind === 'email') return /^[^\s@]+@[^\s@]+$/.test(text.trim()) ? null : 'Enter an email address such as name@example.com.';
  if (kind === 'totp') return totpProblem(text) ? 'Paste the setup key (letters A–Z and digits 2–7) or an otpauth://totp/ link.' : null;
  return null;
}

export function validateValues(values: FormValues): FormErrors {
  const errors: Record<string, string> = {};
  if (values.name.trim() === '') errors.name = 'Give the item a name.';
  for (const spec of editableFields(values.type)) {
    const text = values.fields[spec.key] ?? '';
    if (text.trim() === '') {
      if (spec.required === true) errors[spec.key] = `Enter the ${spec.noun}.`;
      continue;
    }
    const problem = fieldProblem(spec.kind, text, spec.min, spec.max);
    if (problem !== null) errors[spec.key] = problem;
  }
  if (values.type === 'card') {
    const digits = (values.fields.number ?? '').replace(/[\s-]/g, '');
    if (digits !== '' && !/^\d{12,19}$/.test(digits)) errors.number = 'Enter the 12 to 19 digits of the card number.';
    const cvv = values.fields.cvv ?? '';
    if (cvv !== '' && !/^\d{3,4}$/.test(cvv.trim())) errors.cvv = 'Enter the 3 or 4 digits of the security code.';
  }
  if (values.type === 'login') {
    values.urls.forEach((row, i) => {
      if (row.url.trim() !== '' && webAddressProblem(row.url)) errors[`urls.${i}`] = 'Enter a web address such as https://example.com.';
    });
  }
  values.customFields.forEach((row, i) => {
    if (row.name.trim() === '' && row.value !== '') errors[`custom.${i}`] = 'Give the custom field a name.';
  });
  return errors;
}

/** Where the vault's INVALID_ITEM detail belongs, and its words. */
export function errorsFromInvalidItem(detail: string): FormErrors {
  const match = /^([A-Za-z]+)(?:\.(\d+))?[^:]*:\s*(.+)$/.exec(detail);
  if (match === null) return { form: 'The item could not be saved: a field is not valid.' };
  const [, field = '', index, message = ''] = match;
  const text = `${message.charAt(0).toUpperCase()}${message.slice(1)}.`;
  if (field === 'urls' && index !== undefined) return { [`urls.${index}`]: text };
  if (field === 'customFields' && index !== undefined) return { [`custom.${index}`]: text };
  return { [field]: text };
}
