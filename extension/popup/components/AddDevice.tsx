/**
 * Settings → Devices → "Add a device" (DESIGN.md §7, the trusted side): the master password again,
 * then the invite as a QR code and as text (Copy), its expiry countdown, then the three codes:
 * "Which code does your new device show?" with "None of these" (which cancels the invite). Each
 * step's heading takes focus. The invite text is the only secret shown, on purpose; it lives in
 * state only while the invite is open. With "Require a passkey to approve new devices" on, a right
 * pick leads to "Confirm with a passkey", which opens the passkeys page (a WebAuthn prompt would
 * close this popup; the worker keeps the invite meanwhile).
 */
import QRCode from 'qrcode';
import browser from 'webextension-polyfill';
import { useEffect, useState, type FormEvent } from 'react';
import type { PairingStatusView } from '../../../shared/protocol/messages';
import { describeError, errorCode } from '../error-messages';
import { useClipboard } from '../hooks/useClipboard';
import { useFocusOnMount } from '../hooks/useFocusOnMount';
import { send } from '../messaging';

const PAIRING_ERRORS: Record<string, string> = {
  WRONG_PASSWORD: 'That master password is not right. No invite was made.',
  NOT_FOUND: 'Connect this vault to a sync server first (Settings → Sync).',
  STALE: 'The invite expired after 5 minutes. Make a new one.',
  CONFLICT: 'The invite was closed: another device answered it too, or it was cancelled. Make a new one.',
  BAD_INPUT: 'The code picked is not the one this exchange made, so no device was added. Make a new invite.',
  BAD_SIGNATURE: 'The new device sent an answer that does not check out. No device was added.',
  UNAVAILABLE: 'The sync server could not be reached. Try again.',
  WRONG_PASSKEY: 'That passkey is not one of this vault’s passkeys, so no device was added. Make a new invite.',
};

function pairingError(code: string): string {
  return PAIRING_ERRORS[code] ?? describeError(code);
}

function StepHeading({ children }: { children: string }) {
  const ref = useFocusOnMount<HTMLHeadingElement>();
  return (
    <h3 ref={ref} tabIndex={-1}>
      {children}
    </h3>
  );
}

function PasswordStep({ onBegun, onCancel }: { onBegun: (status: PairingStatusView) => void; onCancel: () => void }) {
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const status = await send('pairing/invite-begin', { masterPassword: password });
      setPassword('');
      onBegun(status);
    } catch (error) {
      setProblem(pairingError(errorCode(error)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="pair-password-heading">
      <div id="pair-password-heading">
        <StepHeading>Confirm it is you</StepHeading>
      </div>
      <p className="muted small">Enter your master password to show an invite for your new device.</p>
      <label htmlFor="pair-master">Master password</label>
      <input
        id="pair-master"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        aria-invalid={problem !== undefined}
        aria-describedby={problem === undefined ? undefined : 'pair-master-error'}
        required
      />
      {problem === undefined ? null : (
        <p id="pair-master-error" role="alert" className="form-error">
          {problem}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy || password === ''}>
          Show invite
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function countdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function InviteStep({ invite, expiresAt, onCancel }: { invite: string; expiresAt: number; onCancel: () => void }) {
  const [qr, setQr] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const clipboard = useClipboard();
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(invite, { errorCorrectionLevel: 'M', margin: 2, width: 240 }).then((url) => live && setQr(url));
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [invite]);
  return (
    <section className="stack" aria-labelledby="pair-invite-heading">
      <div id="pair-invite-heading">
        <StepHeading>Scan this on your new device</StepHeading>
      </div>
      <p className="muted small">Open the extension on the new browser, choose to join an existing vault, and scan this code or paste the text.</p>
      {qr === null ? <p className="muted">Making the QR code…</p> : <img src={qr} width={240} height={240} alt="QR code of the invite for your new device" />}
      <label htmlFor="pair-invite-text">Invite as text</label>
      <textarea id="pair-invite-text" readOnly rows={4} value={invite} className="mono" />
      <button type="button" onClick={() => void clipboard.copy('invite', invite)}>
        Copy invite
      </button>
      <p role="status">{clipboard.message}</p>
      <p aria-live="off">Expires in {countdown(expiresAt - now)}</p>
      <p className="muted small" role="status">
        Waiting for your new device…
      </p>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </section>
  );
}

function PickStep({ candidates, onPicked }: { candidates: readonly string[]; onPicked: (status: PairingStatusView) => void }) {
  const [choice, setChoice] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (choice === '') return;
    setBusy(true);
    try {
      onPicked(choice === 'none' ? await send('pairing/cancel', {}) : await send('pairing/choose', { code: choice }));
    } catch (error) {
      onPicked({ phase: 'failed', error: { code: errorCode(error), message: '' } });
    }
  };
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} aria-labelledby="pair-pick-heading">
      <fieldset>
        <legend id="pair-pick-heading">
          <StepHeading>Which code does your new device show?</StepHeading>
        </legend>
        {candidates.map((code) => (
          <label key={code} className="check">
            <input type="radio" name="pair-code" value={code} checked={choice === code} onChange={() => setChoice(code)} /> {`${code.slice(0, 3)} ${code.slice(3)}`}
          </label>
        ))}
        <label className="check">
          <input type="radio" name="pair-code" value="none" checked={choice === 'none'} onChange={() => setChoice('none')} /> None of these
        </label>
      </fieldset>
      <button type="submit" className="primary" disabled={busy || choice === ''}>
        {busy ? 'Adding…' : 'Confirm'}
      </button>
    </form>
  );
}

function PasskeyStep({ onCancel }: { onCancel: () => void }) {
  return (
    <section className="stack" aria-labelledby="pair-passkey-heading">
      <div id="pair-passkey-heading">
        <StepHeading>Confirm with a passkey</StepHeading>
      </div>
      <p>New devices need one of your passkeys on this browser. The passkey prompt opens in a tab; this popup closes.</p>
      <button type="button" className="primary" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('extension/popup/passkeys.html?approve-device') })}>
        Continue with a passkey
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </section>
  );
}

export function AddDevice({ onClose }: { onClose: () => void }) {
  const [status, setStatus] = useState<PairingStatusView | null>(null);
  const open = status !== null && (status.phase === 'waiting' || status.phase === 'pick' || status.phase === 'passkey');
  useEffect(() => {
    if (status?.phase !== 'waiting') return;
    const timer = setInterval(() => void send('pairing/status', {}).then(setStatus, () => undefined), 1000);
    return () => clearInterval(timer);
  }, [status?.phase]);
  const cancel = async () => {
    if (open) setStatus(await send('pairing/cancel', {}).catch(() => null));
    onClose();
  };

  if (status === null || status.phase === 'none') return <PasswordStep onBegun={setStatus} onCancel={onClose} />;
  if (status.phase === 'waiting' && status.invite !== undefined && status.expiresAt !== undefined) {
    return <InviteStep invite={status.invite} expiresAt={status.expiresAt} onCancel={() => void cancel()} />;
  }
  if (status.phase === 'pick' && status.candidates !== undefined) return <PickStep candidates={status.candidates} onPicked={setStatus} />;
  if (status.phase === 'passkey') return <PasskeyStep onCancel={() => void cancel()} />;
  if (status.phase === 'approving') return <p role="status">Adding the device…</p>;
  const ended =
    status.phase === 'done'
      ? { title: 'Device added', text: 'Your new device can now finish joining. It syncs your vault from the server.' }
      : status.phase === 'cancelled'
        ? { title: 'Invite cancelled', text: 'No device was added.' }
        : { title: 'No device was added', text: pairingError(status.error?.code ?? 'INTERNAL') };
  return (
    <section className="stack" aria-labelledby="pair-end-heading">
      <div id="pair-end-heading">
        <StepHeading>{ended.title}</StepHeading>
      </div>
      <p role={status.phase === 'failed' ? 'alert' : 'status'}>{ended.text}</p>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </section>
  );
}

/** Settings → Devices. */
export function DevicesSettings() {
  const [adding, setAdding] = useState(false);
  return (
    <section aria-labelledby="devices-title" className="stack">
      <h2 id="devices-title">Devices</h2>
      {adding ? (
        <AddDevice onClose={() => setAdding(false)} />
      ) : (
        <>
          <p className="muted small">Add another browser to this vault. It needs this vault to sync with a server.</p>
          <button type="button" onClick={() => setAdding(true)}>
            Add a device
          </button>
        </>
      )}
    </section>
  );
}
