/**
 * The state of a "choose a master password" form (a new vault, a joined or a restored browser):
 * the password and its confirmation, the strength assessment, and a problem shown on the field it
 * is about with focus moved there (WCAG 3.3.1). `check()` refuses an empty, weak or unconfirmed
 * password before anything is sent; the worker checks the strength again.
 */
import { useId, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import { usePasswordAssessment } from './usePasswordAssessment';

export type PasswordProblemField = 'password' | 'confirm' | 'form';
type InputRef = RefObject<(HTMLInputElement & HTMLTextAreaElement) | null>;

export interface NewMasterPassword {
  readonly password: string;
  readonly confirm: string;
  setPassword(value: string): void;
  setConfirm(value: string): void;
  readonly assessment: ReturnType<typeof usePasswordAssessment>;
  readonly strengthId: string;
  readonly passwordInput: InputRef;
  readonly confirmInput: InputRef;
  readonly error: { field: PasswordProblemField; text: string } | null;
  /** Show a problem and move focus to the field it is about. */
  refuse(field: PasswordProblemField, text: string): void;
  /** True when the password may be sent; else the problem is shown. */
  check(): boolean;
  /** Forget both fields (after the worker took the password). */
  clear(): void;
}

export function useNewMasterPassword(emptyText: string, initialError: { field: PasswordProblemField; text: string } | null = null): NewMasterPassword {
  const strengthId = useId();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState(initialError);
  const assessment = usePasswordAssessment(password);
  const passwordInput = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const confirmInput = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const refuse = (field: PasswordProblemField, text: string) => {
    flushSync(() => setError({ field, text }));
    if (field !== 'form') (field === 'password' ? passwordInput : confirmInput).current?.focus();
  };
  const check = (): boolean => {
    const problem: [PasswordProblemField, string] | null =
      password === ''
        ? ['password', emptyText]
        : assessment?.problem != null
          ? ['password', assessment.problem]
          : confirm !== password
            ? ['confirm', 'The two passwords are not the same.']
            : null;
    if (problem !== null) {
      refuse(...problem);
      return false;
    }
    setError(null);
    return true;
  };
  const clear = () => {
    setPassword('');
    setConfirm('');
  };
  return { password, confirm, setPassword, setConfirm, assessment, strengthId, passwordInput, confirmInput, error, refuse, check, clear };
}
