/**
 * What a submitted login form held, for the background to offer Save or Update (never to save on
 * its own). Reads the form at submit time: a sign-in gives username and password, a first step the
 * username, a second step the password, a sign-up its new password (only when the confirmation
 * agrees), a change form its new password.
 */
import type { CaptureKind } from '../../shared/protocol/autofill';
import type { LoginForm } from './forms';

export interface Captured {
  kind: CaptureKind;
  username: string;
  password: string;
}

export function captureOf(form: LoginForm): Captured | null {
  const username = form.username?.value.trim() ?? '';
  switch (form.kind) {
    case 'login':
      return form.password !== null && form.password.value !== '' ? { kind: 'login', username, password: form.password.value } : null;
    case 'username-step':
      return username === '' ? null : { kind: 'username', username, password: '' };
    case 'password-step':
      return form.password !== null && form.password.value !== '' ? { kind: 'login', username: '', password: form.password.value } : null;
    case 'signup':
    case 'change': {
      const values = form.newPasswords.map((p) => p.value);
      const first = values[0] ?? '';
      if (first === '' || values.some((v) => v !== first)) return null;
      return { kind: form.kind, username, password: first };
    }
  }
}
