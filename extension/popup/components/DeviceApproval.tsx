/**
 * The passkey step of adding a device (issue 12), on the passkeys page opened by the popup's
 * "Continue with a passkey": the person confirms with one of this vault's passkeys and the worker
 * checks its PRF output before the add-device entry is appended. A refused or cancelled prompt
 * leaves the invite waiting (try again or cancel); a passkey the worker refuses ends the invite.
 */
import { useEffect, useState } from 'react';
import type { PairingStatusView } from '../../../shared/protocol/messages';
import { describeError, errorCode } from '../error-messages';
import { send } from '../messaging';
import { passkeyProof, PasskeyProofProblem } from '../passkey-proof';
import { describeWebAuthnError } from '../webauthn-prf';

const REFUSED: Record<string, string> = {
  WRONG_PASSKEY: 'That passkey is not one of this vault’s passkeys, so no device was added. Make a new invite.',
  STALE: 'The invite expired after 5 minutes, so no device was added. Make a new one.',
  CONFLICT: 'The invite was closed on the new device or by another answer. No device was added.',
  UNAVAILABLE: 'The sync server could not be reached. No device was added.',
};

export function DeviceApproval() {
  const [status, setStatus] = useState<PairingStatusView | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    void send('pairing/status', {}).then(setStatus, () => setStatus({ phase: 'none' }));
  }, []);

  const approve = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const proof = await passkeyProof();
      setStatus(await send('pairing/approve-passkey', proof));
    } catch (thrown) {
      if (thrown instanceof PasskeyProofProblem) setProblem(thrown.message);
      else setProblem(describeWebAuthnError(thrown) ?? describeError(errorCode(thrown)));
    } finally {
      setBusy(false);
    }
  };
  const cancel = async () => setStatus(await send('pairing/cancel', {}).catch(() => ({ phase: 'cancelled' as const })));

  let body;
  if (status === null) body = <p className="muted">Loading…</p>;
  else if (status.phase === 'passkey') {
    body = (
      <>
        <p>You picked the code your new device shows. Confirm with one of this vault’s passkeys to add it.</p>
        <div className="row">
          <button type="button" className="primary" disabled={busy} onClick={() => void approve()}>
            Approve with a passkey
          </button>
          <button type="button" disabled={busy} onClick={() => void cancel()}>
            Cancel
          </button>
        </div>
      </>
    );
  } else if (status.phase === 'done') body = <p role="status">Device added. Your new device can now finish joining.</p>;
  else if (status.phase === 'failed') {
    const code = status.error?.code ?? 'INTERNAL';
    body = (
      <p role="alert" className="form-error">
        {REFUSED[code] ?? `No device was added. ${describeError(code)}`}
      </p>
    );
  } else if (status.phase === 'cancelled') body = <p role="status">Invite cancelled. No device was added.</p>;
  else body = <p>No new device is waiting for a passkey. Start from Settings → Devices → Add a device.</p>;

  return (
    <section aria-labelledby="device-approval-title" className="stack">
      <h2 id="device-approval-title">Approve a new device</h2>
      {body}
      {problem === null ? null : (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
    </section>
  );
}
