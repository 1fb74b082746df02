/**
 * What one input field is for, from the hints a page gives (HTML Standard autofill tokens first,
 * then type, then name, id, label, aria-label and placeholder). Conservative: a field is a
 * username only with a clear hint, so search boxes and comment fields are left alone.
 */
export type FieldRole = 'username' | 'password' | 'current-password' | 'new-password';

const TEXT_TYPES = new Set(['text', 'email', 'tel', '']);
const USERNAME_HINT = /user|login|e-?mail|account|identifier|sign-?in|benutzer|usuario/i;
const NEW_HINT = /new|confirm|repeat|again|retype|verify|re-?enter|neu/i;
const CURRENT_HINT = /current|old|existing|alt/i;

function hints(input: HTMLInputElement): string {
  const labels = Array.from(input.labels ?? [], (l) => l.textContent ?? '').join(' ');
  return [input.name, input.id, labels, input.getAttribute('aria-label') ?? '', input.placeholder].join(' ');
}

function autocompleteTokens(input: HTMLInputElement): string[] {
  return (input.getAttribute('autocomplete') ?? '').toLowerCase().split(/\s+/).filter((t) => t !== '');
}

export function classifyField(input: HTMLInputElement): FieldRole | null {
  const type = (input.getAttribute('type') ?? '').toLowerCase();
  const tokens = autocompleteTokens(input);
  if (tokens.includes('one-time-code')) return null;
  if (type === 'password') {
    if (tokens.includes('new-password')) return 'new-password';
    if (tokens.includes('current-password')) return 'current-password';
    const text = hints(input);
    if (NEW_HINT.test(text)) return 'new-password';
    if (CURRENT_HINT.test(text)) return 'current-password';
    return 'password';
  }
  if (!TEXT_TYPES.has(type)) return null;
  if (tokens.includes('username') || tokens.includes('email')) return 'username';
  if (type === 'email') return 'username';
  return USERNAME_HINT.test(hints(input)) ? 'username' : null;
}

/** A field the page lets a person type into: not disabled, not read-only. */
export function isEditable(input: HTMLInputElement): boolean {
  return !input.disabled && !input.readOnly;
}
