/**
 * The steps of the join page (screens/JoinPage.tsx) once the worker runs the exchange: the code to
 * pick on the other device, this browser's master password, the first sync's progress, and the end
 * (joined, refused, interrupted). Each step's heading takes focus when it appears.
 */
import { useState, type FormEvent } from 'react';
import type { JoinStatusView } from '../../../shared/protocol/join-messages';
import { errorCode } from '../error-messages';
import { useFocusOnMount } from '../hooks/useFocusOnMount';
import { joinError } from '../join-wording';
import { useNewMasterPassword } from '../hooks/useNewMasterPassword';
import { NewMasterPasswordFields } from './NewMasterPasswordFields';
import { send } from '../messaging';
import { ProgressBar } from './ProgressBar';

export function StepHeading({ children }: { children: string }) {
  const ref = useFocusOnMount<HTMLHeadingElement>();
  return (
    <h2 ref={ref} tabIndex={-1}>
      {children}
    </h2>
  );
}

export function CodeStep({ status, onCancel }: { status: JoinStatusView; onCancel: () => void }) {
  const code = status.code ?? '';
  const spaced = `${code.slice(0, 3)} ${code.slice(3)}`;
  return (
    <section className="stack" aria-labelledby="join-code-heading">
      <div id="join-code-heading">
        <StepHeading>Pick this code on your other device</StepHeading>
      </div>
      <p className="join-code" role="status" aria-label={`Code ${spaced}`}>
        {spaced}
      </p>
      <p>
        Your other device shows three codes. Choose this one there. If none of them matches, choose “None of these” there: someone else may
        have answered the invite.
      </p>
      {status.refused !== undefined ? (
        <p className="small">{status.refused} message(s) that did not belong to this invite arrived and were ignored.</p>
      ) : null}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </section>
  );
}

export function PasswordStep({ status, onStatus }: { status: JoinStatusView; onStatus: (status: JoinStatusView) => void }) {
  const form = useNewMasterPassword('Choose a master password for this browser.', status.error === undefined ? null : { field: 'form', text: joinError(status.error.code) });
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!form.check()) return;
    setBusy(true);
    try {
      const next = await send('join/finish', { password: form.password });
      form.clear();
      onStatus(next);
    } catch (thrown) {
      setBusy(false);
      const code = errorCode(thrown);
      if (code === 'WEAK_PASSWORD') form.refuse('password', form.assessment?.problem ?? joinError(code));
      else form.refuse('form', joinError(code));
    }
  };
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="join-password-heading">
      <div id="join-password-heading">
        <StepHeading>Your other device approved this browser</StepHeading>
      </div>
      <p>
        Choose the master password that unlocks the vault <strong>on this browser</strong>. Each browser has its own: it may be the same as on
        your other device, and changing it later changes it here only. Nobody can reset it for you.
      </p>
      <NewMasterPasswordFields form={form} busy={busy} autoFocus />
      {form.error?.field === 'form' ? (
        <p role="alert" className="form-error">
          {form.error.text}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={busy}>
        Finish joining
      </button>
    </form>
  );
}

export function FinishingStep({ status }: { status: JoinStatusView }) {
  const progress = status.progress;
  const detail = progress === undefined ? 'Starting…' : `Step ${progress.step} of ${progress.of}: ${progress.label}`;
  return (
    <section className="stack" aria-labelledby="join-finishing-heading">
      <div id="join-finishing-heading">
        <StepHeading>Setting up the vault on this browser</StepHeading>
      </div>
      <ProgressBar label="Joining the vault" detail={detail} />
      <p role="status" className="small">
        {detail}
      </p>
    </section>
  );
}

export function EndStep({ status, onAgain }: { status: JoinStatusView; onAgain: () => void }) {
  if (status.phase === 'done') {
    return (
      <section className="stack" aria-labelledby="join-end-heading">
        <div id="join-end-heading">
          <StepHeading>This browser joined your vault</StepHeading>
        </div>
        <p role="status">Your items are here and stay in sync with your other devices. The vault is unlocked.</p>
        <button type="button" className="primary" onClick={() => location.assign('index.html')}>
          Open the vault
        </button>
      </section>
    );
  }
  const interrupted = status.phase === 'interrupted';
  return (
    <section className="stack" aria-labelledby="join-end-heading">
      <div id="join-end-heading">
        <StepHeading>{interrupted ? 'Joining was interrupted' : 'This browser did not join'}</StepHeading>
      </div>
      <p role="alert">
        {interrupted
          ? 'The extension restarted while talking to your other device, so this exchange cannot go on. Nothing was saved here. Start again on your other device: cancel its invite and make a new one.'
          : joinError(status.error?.code ?? 'INTERNAL')}
      </p>
      <button type="button" onClick={onAgain}>
        Start again
      </button>
    </section>
  );
}
