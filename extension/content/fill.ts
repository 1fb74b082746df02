/**
 * Applying a fill the background sent (after it checked the site and the frame): pick the form,
 * then refuse what the page could be abusing, then set the values the way frameworks notice.
 *
 * The form is the one holding the field the person right-clicked (menu) or focused (popup,
 * shortcut; a trusted focus only), else the first fillable login form. Refusals, each a code the
 * popup explains: a frame with an ancestor of another origin (`cross-origin-frame`), no login form (`no-fields`), every target field disabled or read-only
 * (`field-disabled`), a field hidden, transparent, covered or off-screen (`field-hidden`), and a
 * form, or a submit button's formaction, posting to another origin (`form-action-origin`).
 * Values are set through the native value setter, then `input` and `change` fire (bubbling,
 * composed) so React's and Vue's listeners see them.
 */
import type { ContentCommand, FillOutcome, FillRefusal } from '../../shared/protocol/autofill';
import { isEditable } from './fields';
import { fieldsOf, findForms, type LoginForm } from './forms';
import { isReallyVisible } from './visibility';

type FillCommand = Extract<ContentCommand, { command: 'fill/apply' }>;

const PRIORITY: Record<LoginForm['kind'], number> = { login: 0, 'password-step': 1, 'username-step': 2, change: 3, signup: 9 };

/** The fields a form of this kind takes from a saved login, and the value for each. */
function targets(form: LoginForm, command: FillCommand): Array<[HTMLInputElement, string]> {
  const out: Array<[HTMLInputElement, string]> = [];
  if (form.kind === 'signup') return out;
  if (form.username !== null && form.kind !== 'change') out.push([form.username, command.username]);
  if (form.password !== null) out.push([form.password, command.password]);
  return out;
}

function postsElsewhere(form: HTMLFormElement | null, origin: string): boolean {
  if (form === null) return false;
  const actions = [form.getAttribute('action'), ...Array.from(form.querySelectorAll('[formaction]'), (b) => b.getAttribute('formaction'))];
  for (const action of actions) {
    if (action === null || action.trim() === '') continue;
    try {
      const url = new URL(action, form.ownerDocument.baseURI);
      if (url.origin !== origin) return true;
    } catch {
      return true;
    }
  }
  return false;
}

const valueSetter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;

function setValue(input: HTMLInputElement, value: string): void {
  if (valueSetter === undefined) input.value = value;
  else valueSetter.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

function chooseForms(forms: LoginForm[], command: FillCommand, focus: Element | null): LoginForm[] {
  const holding = focus === null ? undefined : forms.find((f) => fieldsOf(f).includes(focus as HTMLInputElement));
  if (command.target === 'context-menu') return holding === undefined ? [] : [holding];
  const rest = forms.filter((f) => f !== holding && f.kind !== 'signup').sort((a, b) => PRIORITY[a.kind] - PRIORITY[b.kind]);
  return holding === undefined ? rest : [holding, ...rest];
}

function tryForm(form: LoginForm, command: FillCommand, origin: string): FillOutcome {
  const fields = targets(form, command).filter(([input, value]) => isEditable(input) && !(value === '' && input === form.username));
  if (fields.length === 0) return { outcome: 'refused', reason: targets(form, command).length === 0 ? 'no-fields' : 'field-disabled' };
  if (!fields.every(([input]) => isReallyVisible(input))) return { outcome: 'refused', reason: 'field-hidden' };
  if (postsElsewhere(form.form, origin)) return { outcome: 'refused', reason: 'form-action-origin' };
  for (const [input, value] of fields) setValue(input, value);
  return { outcome: 'filled', fields: fields.length };
}

/**
 * Fills the first acceptable form. `focus` is the element the person last focused or right-clicked
 * with a trusted event (main.ts tracks it); the page cannot set it with synthetic events.
 */
export function applyFill(doc: Document, command: FillCommand, focus: Element | null): FillOutcome {
  if (doc.defaultView?.origin === 'null') return { outcome: 'refused', reason: 'sandboxed-frame' };
  const origin = doc.defaultView?.location.origin ?? '';
  // The background checked this frame against the top frame; a same-origin frame nested inside a
  // frame of another site (A → B → A) is refused here, since B could overlay it.
  const ancestors = Array.from(doc.defaultView?.location.ancestorOrigins ?? []);
  if (ancestors.some((a) => a !== origin)) return { outcome: 'refused', reason: 'cross-origin-frame' };
  const chosen = chooseForms(findForms(doc), command, focus);
  const refusals: FillRefusal[] = [];
  for (const form of chosen) {
    const outcome = tryForm(form, command, origin);
    if (outcome.outcome === 'filled') return outcome;
    refusals.push(outcome.reason);
  }
  return { outcome: 'refused', reason: refusals[0] ?? 'no-fields' };
}
