/**
 * "Restore with a recovery kit" on a browser without a vault (DESIGN.md §7; docs/recovery-ui.md):
 *   1. the kit (typed or pasted) and the sync server's address; the worker checks the kit against
 *      the vault's identity chain, and a mistyped, replaced, revoked or foreign kit is refused here
 *      with what to do (nothing is stored);
 *   2. the vault's devices, all removed by default (the person may keep some), and the master
 *      password for this browser;
 *   3. the NEW kit, shown once and confirmed by two retyped groups, before anything is sent;
 *   4. progress through the steps, then the vault opens with every item.
 * Each step's heading takes focus.
 */
import { useEffect, useState, type FormEvent } from 'react';
import browser from 'webextension-polyfill';
import type { RecoveryKitView, RestoreDeviceView, RestoreStatusView } from '../../../shared/protocol/messages';
import { describeError, errorCode } from '../error-messages';
import { ProgressBar } from '../components/ProgressBar';
import { RecoveryKitCard } from '../components/RecoveryKitCard';
import { TextField } from '../components/TextField';
import { useFocusOnMount } from '../hooks/useFocusOnMount';
import { useVault } from '../hooks/useVault';
import { useNewMasterPassword } from '../hooks/useNewMasterPassword';
import { NewMasterPasswordFields } from '../components/NewMasterPasswordFields';
import { send } from '../messaging';
import { restoreError } from '../recovery-wording';

type Step =
  | { step: 'target' }
  | { step: 'devices'; kit: string; server: string; devices: RestoreDeviceView[] }
  | { step: 'kit'; newKit: RecoveryKitView; revoke: number }
  | { step: 'running'; status: RestoreStatusView };

function Heading({ children }: { children: string }) {
  const ref = useFocusOnMount<HTMLHeadingElement>();
  return (
    <h2 ref={ref} tabIndex={-1}>
      {children}
    </h2>
  );
}

function originOf(text: string): string | null {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'https:' && url.username === '' && url.password === '' ? url.origin : null;
  } catch {
    return null;
  }
}

function TargetStep({ onChecked, onBack }: { onChecked: (next: Step) => void; onBack: () => void }) {
  const [kit, setKit] = useState('');
  const [server, setServer] = useState('');
  const [problem, setProblem] = useState<{ field: 'kit' | 'server' | 'form'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (kit.trim() === '') return setProblem({ field: 'kit', text: 'Type or paste your recovery kit.' });
    const origin = originOf(server);
    if (origin === null) return setProblem({ field: 'server', text: 'Enter the sync server address, starting with https://.' });
    const granted = await browser.permissions.request({ origins: [`${origin}/*`] }).catch(() => false);
    if (!granted) return setProblem({ field: 'form', text: restoreError('FORBIDDEN_SENDER') });
    setBusy(true);
    setProblem(null);
    try {
      const { devices } = await send('recovery/restore-inspect', { kit, server: origin });
      onChecked({ step: 'devices', kit, server: origin, devices });
    } catch (error) {
      const code = errorCode(error);
      setProblem({ field: code === 'BAD_ENCODING' || code === 'UNKNOWN_VERSION' ? 'kit' : 'form', text: restoreError(code) });
      setBusy(false);
    }
  };
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="restore-target-heading">
      <div id="restore-target-heading">
        <Heading>Restore with a recovery kit</Heading>
      </div>
      <p className="muted small">Type or paste the recovery kit you saved, and the address of the sync server your vault used.</p>
      <TextField label="Recovery kit" multiline mono value={kit} onChange={setKit} readOnly={busy} error={problem?.field === 'kit' ? problem.text : undefined} />
      <TextField label="Sync server URL" value={server} onChange={setServer} readOnly={busy} error={problem?.field === 'server' ? problem.text : undefined} />
      {problem?.field === 'form' ? (
        <p role="alert" className="form-error">
          {problem.text}
        </p>
      ) : null}
      {busy ? <ProgressBar label="Checking the kit" /> : null}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          Check kit
        </button>
        <button type="button" onClick={onBack} disabled={busy}>
          Back
        </button>
      </div>
    </form>
  );
}

function DevicesStep({ target, onPrepared, onBack }: { target: Extract<Step, { step: 'devices' }>; onPrepared: (next: Step) => void; onBack: () => void }) {
  const [keep, setKeep] = useState<string[]>([]);
  const form = useNewMasterPassword('Choose a master password for this browser.');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.check()) return;
    setBusy(true);
    try {
      const made = await send('recovery/restore-prepare', { kit: target.kit, server: target.server, keep, password: form.password });
      form.clear();
      onPrepared({ step: 'kit', newKit: { text: made.text, confirm: made.confirm }, revoke: made.revoke });
    } catch (error) {
      const code = errorCode(error);
      if (code === 'WEAK_PASSWORD') form.refuse('password', form.assessment?.problem ?? describeError(code));
      else form.refuse('form', restoreError(code));
      setBusy(false);
    }
  };
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="restore-devices-heading">
      <div id="restore-devices-heading">
        <Heading>The kit fits this vault</Heading>
      </div>
      <fieldset>
        <legend>Your other devices</legend>
        <p className="small">
          By default, every device of this vault is removed: a lost or stolen device then opens nothing written afterwards. Tick a device only if you
          still have it and trust it.
        </p>
        {target.devices.map((device) => (
          <label key={device.id} className="check">
            <input
              type="checkbox"
              checked={keep.includes(device.id)}
              onChange={(e) => setKeep((old) => (e.target.checked ? [...old, device.id] : old.filter((id) => id !== device.id)))}
            />{' '}
            {`Keep device ${device.fingerprint}${device.first ? ' (made the vault)' : ''}`}
          </label>
        ))}
      </fieldset>
      <NewMasterPasswordFields form={form} label="Master password for this browser" busy={busy} />
      {form.error?.field === 'form' ? (
        <p role="alert" className="form-error">
          {form.error.text}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          Continue
        </button>
        <button type="button" onClick={onBack} disabled={busy}>
          Back
        </button>
      </div>
    </form>
  );
}

const STEPS: { phase: RestoreStatusView['phase']; text: string }[] = [
  { phase: 'enrolling', text: 'Adding this browser, removing the other devices, registering the new kit and a new user key' },
  { phase: 'reading', text: 'Reading your vault from the server' },
  { phase: 'rotating', text: 'Rotating the vault key and re-encrypting every item' },
  { phase: 'saving', text: 'Saving the vault in this browser' },
];

function RunningStep({ status, onRestart }: { status: RestoreStatusView; onRestart: () => void }) {
  const current = STEPS.findIndex((s) => s.phase === status.phase);
  if (status.phase === 'failed') {
    return (
      <section className="stack" aria-labelledby="restore-failed-heading">
        <div id="restore-failed-heading">
          <Heading>The restore did not finish</Heading>
        </div>
        <p role="alert" className="form-error">
          {restoreError(status.error ?? 'INTERNAL')}
        </p>
        <button type="button" onClick={onRestart}>
          Start again
        </button>
      </section>
    );
  }
  return (
    <section className="stack" aria-labelledby="restore-running-heading">
      <div id="restore-running-heading">
        <Heading>Restoring your vault</Heading>
      </div>
      <ol>
        {STEPS.map((s, n) => (
          <li key={s.phase} aria-current={n === current ? 'step' : undefined}>
            {`${s.text}${n < current || status.phase === 'done' ? ' — done' : n === current ? ' — in progress' : ''}`}
          </li>
        ))}
      </ol>
      <ProgressBar label="Restoring" detail={current >= 0 ? `Step ${current + 1} of ${STEPS.length}` : 'Finishing'} />
    </section>
  );
}

/** A restore already under way in the worker (the popup was closed and opened again): shown at its progress. */
export function restoreUnderWay(status: RestoreStatusView): boolean {
  return ['enrolling', 'reading', 'rotating', 'saving', 'done'].includes(status.phase);
}

export function RestoreScreen({ onBack, running }: { onBack: () => void; running?: RestoreStatusView | undefined }) {
  const vault = useVault();
  const [step, setStep] = useState<Step>(running === undefined ? { step: 'target' } : { step: 'running', status: running });
  const phase = step.step === 'running' ? step.status.phase : null;
  useEffect(() => {
    if (phase === null || phase === 'failed') return;
    if (phase === 'done') {
      vault.setState('unlocked');
      return;
    }
    const timer = setInterval(() => {
      void send('recovery/restore-status', {}).then((status) => setStep({ step: 'running', status }), () => undefined);
    }, 700);
    return () => clearInterval(timer);
  }, [phase, vault]);
  const restart = () => {
    void send('recovery/restore-cancel', {}).catch(() => undefined);
    setStep({ step: 'target' });
  };

  return (
    <main className="screen">
      <h1>Sealed Vault</h1>
      {step.step === 'target' ? <TargetStep onChecked={setStep} onBack={onBack} /> : null}
      {step.step === 'devices' ? <DevicesStep target={step} onPrepared={setStep} onBack={restart} /> : null}
      {step.step === 'kit' ? (
        <div className="stack">
          <p className="small">
            {`Your old kit stops working with this restore${step.revoke > 0 ? `, and ${step.revoke === 1 ? '1 device is' : `${step.revoke} devices are`} removed` : ''}. Save the new kit first: keep the old one until the restore has finished.`}
          </p>
          <RecoveryKitCard
            kit={step.newKit}
            title="Your new recovery kit"
            confirmLabel="Confirm and restore"
            onConfirm={async ([a, b]) => {
              const status = await send('recovery/restore-start', { answers: [a, b] });
              setStep({ step: 'running', status });
            }}
          />
          <button type="button" onClick={restart}>
            Cancel
          </button>
        </div>
      ) : null}
      {step.step === 'running' ? <RunningStep status={step.status} onRestart={restart} /> : null}
    </main>
  );
}
