/**
 * Login forms in a frame: fields grouped by their form owner (or, without a form element, by the
 * document or shadow root they live in), then named by what they hold:
 * - `login`: a username and one password; `password-step`: one password alone (the second step of
 *   a username-first flow); `username-step`: a username alone (its first step);
 * - `signup`: new password and its confirmation; `change`: current password plus new ones.
 * Inputs are collected across open shadow roots (closed ones are out of reach, by design of the DOM).
 */
import { classifyField, type FieldRole } from './fields';

export type FormKind = 'login' | 'password-step' | 'username-step' | 'signup' | 'change';

export interface LoginForm {
  kind: FormKind;
  form: HTMLFormElement | null;
  username: HTMLInputElement | null;
  /** The password a sign-in or change form asks for (current password). */
  password: HTMLInputElement | null;
  /** New password fields of a sign-up or change form, the confirmation last. */
  newPasswords: HTMLInputElement[];
}

/** Every input under `root`, including those in open shadow roots; `onShadowRoot` sees each root found. */
export function collectInputs(root: Node, out: Set<HTMLInputElement>, onShadowRoot?: (root: ShadowRoot) => void): void {
  const visit = (node: Element) => {
    if (node instanceof HTMLInputElement) out.add(node);
    const shadow = node.shadowRoot;
    if (shadow !== null) {
      onShadowRoot?.(shadow);
      walk(shadow);
    }
  };
  const walk = (start: Node) => {
    if (start instanceof Element) visit(start);
    const doc = start.ownerDocument ?? (start as Document);
    const walker = doc.createTreeWalker(start, NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) visit(node as Element);
  };
  walk(root);
}

function kindOf(roles: Map<HTMLInputElement, FieldRole>): Omit<LoginForm, 'form'> | null {
  const of = (role: FieldRole) => [...roles].filter(([, r]) => r === role).map(([el]) => el);
  const username = of('username')[0] ?? null;
  const plain = of('password');
  const current = of('current-password');
  const fresh = of('new-password');
  if (fresh.length > 0 && current.length + plain.length > 0) {
    return { kind: 'change', username, password: current[0] ?? plain[0] ?? null, newPasswords: [...plain.filter((p) => p !== (current[0] ?? plain[0])), ...fresh] };
  }
  if (fresh.length > 0) return { kind: 'signup', username, password: null, newPasswords: fresh };
  const passwords = [...current, ...plain];
  if (passwords.length >= 3) return { kind: 'change', username, password: passwords[0] ?? null, newPasswords: passwords.slice(1) };
  if (passwords.length === 2) return { kind: 'signup', username, password: null, newPasswords: passwords };
  if (passwords.length === 1) return { kind: username === null ? 'password-step' : 'login', username, password: passwords[0] ?? null, newPasswords: [] };
  if (username !== null) return { kind: 'username-step', username, password: null, newPasswords: [] };
  return null;
}

/** Groups connected inputs into login forms, in document order of their first field. */
export function groupForms(inputs: Iterable<HTMLInputElement>): LoginForm[] {
  const groups = new Map<Node, Map<HTMLInputElement, FieldRole>>();
  for (const input of inputs) {
    if (!input.isConnected) continue;
    const role = classifyField(input);
    if (role === null) continue;
    const key: Node = input.form ?? input.getRootNode();
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = new Map()));
    group.set(input, role);
  }
  const forms: LoginForm[] = [];
  for (const [key, roles] of groups) {
    const found = kindOf(roles);
    if (found !== null) forms.push({ ...found, form: key instanceof HTMLFormElement ? key : null });
  }
  return forms;
}

export function findForms(root: Document): LoginForm[] {
  const inputs = new Set<HTMLInputElement>();
  collectInputs(root, inputs);
  return groupForms(inputs);
}

/** The fields a form is about, for finding which form holds a given element. */
export function fieldsOf(form: LoginForm): HTMLInputElement[] {
  return [form.username, form.password, ...form.newPasswords].filter((f): f is HTMLInputElement => f !== null);
}
