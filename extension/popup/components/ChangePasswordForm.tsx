/**
 * Change master password: the current one, the new one twice with the strength meter. The
 * background re-wraps the keys (no item is re-encrypted); a wrong current password changes nothing.
 */
import { useId, useState, type FormEvent } from 'react';
import { describeError, describeRateLimit } from '../error-messages';
import { usePasswordAssessment } from '../hooks/usePasswordAssessment';
import { useVault } from '../hooks/useVault';
import { send } from '../messaging';
import { ProgressBar } from './ProgressBar';
import { StrengthMeter } from './StrengthMeter';
import { TextField } from './TextField';

type Problem = { field: 'current' | 'next' | 'confirm' | 'form'; text: string };

export function ChangePasswordForm() {
  const { fail } = useVault();
  const strengthId = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState(false);
  const assessment = usePasswordAssessment(next);
  const type = shown ? 'text' : 'password';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setDone(false);
    if (current === '') return setProblem({ field: 'current', text: 'Enter your current master password.' });
    if (next === '') return setProblem({ field: 'next', text: 'Choose a new master password.' });
    if (assessment?.problem != null) return setProblem({ field: 'next', text: assessment.problem });
    if (confirm !== next) return setProblem({ field: 'confirm', text: 'The two new passwords are not the same.' });
    setProblem(null);
    setBusy(true);
    try {
      await send('vault/change-password', { current, next });
      setDone(true);
    } catch (error) {
      const code = fail(error);
      const text = code === 'RATE_LIMITED' ? describeRateLimit(error) : code === 'WEAK_PASSWORD' ? (assessment?.problem ?? describeError(code)) : describeError(code);
      setProblem({ field: 'form', text });
    } finally {
      setBusy(false);
      setCurrent('');
      setNext('');
      setConfirm('');
    }
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-labelledby={`${strengthId}-title`}>
      <h2 id={`${strengthId}-title`}>Change master password</h2>
      <TextField label="Current master password" type={type} value={current} onChange={setCurrent} autoComplete="current-password" readOnly={busy} error={problem?.field === 'current' ? problem.text : undefined} />
      <TextField label="New master password" type={type} value={next} onChange={setNext} autoComplete="new-password" readOnly={busy} describedBy={strengthId} error={problem?.field === 'next' ? problem.text : undefined} />
      <StrengthMeter id={strengthId} label="New master password strength" assessment={assessment} />
      <TextField label="Confirm new master password" type={type} value={confirm} onChange={setConfirm} autoComplete="new-password" readOnly={busy} error={problem?.field === 'confirm' ? problem.text : undefined} />
      <label className="check">
        <input type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} /> Show passwords
      </label>
      {problem?.field === 'form' ? (
        <p role="alert" className="form-error">
          {problem.text}
        </p>
      ) : null}
      {done ? <p role="status">Master password changed. Use the new one from now on.</p> : null}
      {busy ? <ProgressBar label="Changing master password" detail="Re-wrapping your keys…" /> : null}
      <button type="submit" disabled={busy}>
        Change master password
      </button>
    </form>
  );
}
