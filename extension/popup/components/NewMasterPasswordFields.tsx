/**
 * The fields of a "choose a master password" form (useNewMasterPassword.ts): the password with its
 * strength meter, and its confirmation, each with its own error message linked to it.
 */
import type { NewMasterPassword } from '../hooks/useNewMasterPassword';
import { StrengthMeter } from './StrengthMeter';
import { TextField } from './TextField';

export function NewMasterPasswordFields({ form, label = 'Master password', shown = false, busy, autoFocus = false }: { form: NewMasterPassword; label?: string; shown?: boolean; busy: boolean; autoFocus?: boolean }) {
  const type = shown ? 'text' : 'password';
  return (
    <>
      <TextField
        label={label}
        type={type}
        value={form.password}
        onChange={form.setPassword}
        autoComplete="new-password"
        autoFocus={autoFocus}
        readOnly={busy}
        describedBy={form.strengthId}
        inputRef={form.passwordInput}
        error={form.error?.field === 'password' ? form.error.text : undefined}
      />
      <StrengthMeter id={form.strengthId} label="Master password strength" assessment={form.assessment} />
      <TextField
        label="Confirm master password"
        type={type}
        value={form.confirm}
        onChange={form.setConfirm}
        autoComplete="new-password"
        readOnly={busy}
        inputRef={form.confirmInput}
        error={form.error?.field === 'confirm' ? form.error.text : undefined}
      />
    </>
  );
}
