/**
 * "I lost a device" in the security center (issue 11, docs/security-center.md, docs/incident-response.md):
 * a guided flow over the trust view's revoke (DESIGN.md §5 "Revocation order"; docs/trust-view.md).
 * 1. pick the lost device among this vault's other devices (fingerprint, and name when the trust view
 *    carries one); 2. confirm with the master password (TrustView's RevokeForm, `devices/revoke`);
 * 3. revoke + rotation progress, then what the device could read (machine secrets first, history
 *    and trash counted) and the devices it enrolled with "revoke too" (TrustView's RotationPanel,
 *    polled with `devices/rotation`). Nothing here revokes by itself: it is the same worker job as
 *    Settings → Devices, so a job started in one place shows in the other.
 */
import { useCallback, useEffect, useState } from 'react';
import type { RotationStatusView, TrustedDeviceView } from '../../../shared/protocol/devices-messages';
import { describeError, errorCode } from '../error-messages';
import { send } from '../messaging';
import { RevokeForm, RotationPanel } from './TrustView';

const POLL_MS = 500;

type Target = { id: string; fingerprint: string };

type Step =
  | { kind: 'closed' }
  | { kind: 'pick'; devices: TrustedDeviceView[] | null; problem: string | null }
  | { kind: 'confirm'; target: Target }
  | { kind: 'rotation'; status: RotationStatusView };

const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

/** "Device AB12 …", with the device's name once the trust view carries names (issue 6, branch names). */
function deviceLabel(device: TrustedDeviceView): string {
  // The name is the device's own claim (its sealed profile): the fingerprint stays beside it.
  return device.profile === null ? `Unnamed device ${device.fingerprint}` : `${device.profile.name} (${device.profile.platform}, device ${device.fingerprint})`;
}

const running = (status: RotationStatusView) => status.phase === 'revoking' || status.phase === 'rotating';

function PickDevice({ devices, problem, onPick, onCancel, onDevices }: { devices: TrustedDeviceView[] | null; problem: string | null; onPick: (t: Target) => void; onCancel: () => void; onDevices: () => void }) {
  const [chosen, setChosen] = useState<string>('');
  const others = (devices ?? []).filter((d) => !d.thisDevice && d.state !== 'revoked');
  const target = others.find((d) => d.id === chosen);
  return (
    <div className="stack">
      <p className="small">
        A lost or stolen browser stays locked behind your master password. To be safe, revoke it: the server refuses it at once, your keys are rotated
        so it cannot read anything written afterwards, and you see the secrets it could read, so you can change them where they are used.
      </p>
      {problem === null ? null : <p role="alert" className="form-error">{problem}</p>}
      {devices === null && problem === null ? <p className="muted small">Loading this vault’s devices…</p> : null}
      {devices !== null && others.length === 0 ? <p className="small">This vault has no other trusted device to revoke.</p> : null}
      {others.length === 0 ? null : (
        <fieldset className="stack">
          <legend>Which device did you lose?</legend>
          {others.map((device) => (
            <label key={device.id}>
              <input type="radio" name="lost-device" value={device.id} checked={chosen === device.id} onChange={() => setChosen(device.id)} />
              {deviceLabel(device)}
              <span className="muted small">
                {' '}
                · last heard from {device.lastHeartbeat === null ? 'never' : when(device.lastHeartbeat)} · added {when(device.addedClaimedAt)}
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <p className="muted small">Not sure which one it is? Compare fingerprints with your devices in Settings → Devices.</p>
      <div className="actions">
        <button type="button" className="primary" disabled={target === undefined} onClick={() => target !== undefined && onPick({ id: target.id, fingerprint: target.fingerprint, ...(target.profile === null ? {} : { name: target.profile.name }) })}>
          Continue
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" onClick={onDevices}>
          Open Settings → Devices
        </button>
      </div>
    </div>
  );
}

/** The "I lost a device" action of the security center. */
export function LostDeviceFlow({ onDevices }: { onDevices: () => void }) {
  const [step, setStep] = useState<Step>({ kind: 'closed' });

  const open = useCallback(async () => {
    setStep({ kind: 'pick', devices: null, problem: null });
    // A revocation already started (here or in Settings → Devices) is shown rather than a new one.
    const status = await send('devices/rotation', {}).catch(() => null);
    if (status !== null && status.phase !== 'idle') {
      setStep({ kind: 'rotation', status });
      return;
    }
    try {
      const view = await send('devices/view', {});
      setStep({ kind: 'pick', devices: view.devices, problem: null });
    } catch (error) {
      const code = errorCode(error);
      setStep({ kind: 'pick', devices: null, problem: code === 'NOT_FOUND' ? 'Connect this vault to a sync server first: only synced devices can be revoked.' : describeError(code) });
    }
  }, []);

  const polling = step.kind === 'rotation' && running(step.status);
  useEffect(() => {
    if (!polling) return;
    const timer = setInterval(() => {
      void send('devices/rotation', {}).then(
        (status) => setStep({ kind: 'rotation', status }),
        () => undefined,
      );
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [polling]);

  if (step.kind === 'closed') {
    return (
      <button type="button" onClick={() => void open()}>
        I lost a device
      </button>
    );
  }
  const close = () => setStep({ kind: 'closed' });
  return (
    <div className="confirm stack" role="group" aria-labelledby="lost-device-title">
      <h3 id="lost-device-title">I lost a device</h3>
      {step.kind === 'pick' ? (
        <PickDevice devices={step.devices} problem={step.problem} onPick={(target) => setStep({ kind: 'confirm', target })} onCancel={close} onDevices={onDevices} />
      ) : null}
      {step.kind === 'confirm' ? <RevokeForm device={step.target} onStarted={(status) => setStep({ kind: 'rotation', status })} onCancel={close} /> : null}
      {step.kind === 'rotation' ? (
        <RotationPanel
          status={step.status}
          onRevokeToo={(target) => void send('devices/dismiss-rotation', {}).then(() => setStep({ kind: 'confirm', target }))}
          onClose={() => void send('devices/dismiss-rotation', {}).then(close, close)}
        />
      ) : null}
    </div>
  );
}
