/**
 * Settings → Devices → "Trusted devices" (DESIGN.md §5, §9; docs/trust-view.md): every device of
 * the verified identity chain with its key fingerprint, state (trusted, pending, revoked, stale),
 * who approved it and when (times are claims and say so), its last verified heartbeat, this device
 * marked; the state code; the identity chain as an audit log with "Export audit log" (JSON for
 * `npm run verify-audit`). "Revoke" asks for the master password again, then shows the rotation's
 * progress (items re-encrypted / total), and afterwards what the revoked device could read (machine
 * secrets marked) and the devices it enrolled, each with its own "Revoke" offer.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { RotationStatusView, TrustViewData, TrustedDeviceView } from '../../../shared/protocol/devices-messages';
import { describeError, errorCode } from '../error-messages';
import { send } from '../messaging';

const STATE_WORDS: Record<TrustedDeviceView['state'], string> = {
  trusted: 'Trusted',
  pending: 'Pending (not heard from yet)',
  revoked: 'Revoked',
  stale: 'Stale (silent for over 14 days)',
};

const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "Rename this device": the name goes, sealed, into this device's next heartbeat. */
function RenameForm({ current, onDone }: { current: string; onDone: () => void }) {
  const [name, setName] = useState(current);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await send('devices/rename', { name });
      setProblem(null);
      onDone();
    } catch (error) {
      setProblem(describeError(errorCode(error)));
    }
  };
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-label="Rename this device">
      <label htmlFor="device-name">Name of this device</label>
      <input id="device-name" value={name} maxLength={64} onChange={(e) => setName(e.target.value)} aria-describedby="device-name-note" />
      <span id="device-name-note" className="muted small">
        Your other devices see it after this device's next sync; the server cannot read it.
      </span>
      {problem === null ? null : <p role="alert">{problem}</p>}
      <button type="submit">Rename this device</button>
    </form>
  );
}

/** How a device is named: its claimed name beside its fingerprint, since a name is only a claim. */
function nameOf(device: { fingerprint: string; profile?: { name: string } | null }): string {
  return device.profile?.name ?? 'unnamed device';
}

function DeviceRow({ device, onRevoke, onRenamed }: { device: TrustedDeviceView; onRevoke: (d: TrustedDeviceView) => void; onRenamed: () => void }) {
  const label = `Device ${device.fingerprint}${device.thisDevice ? ' (this device)' : ''}`;
  const approver = device.approvedByName === null || device.approvedBy === null ? device.approvedBy : `${device.approvedBy} (${device.approvedByName})`;
  return (
    <li className="stack" aria-label={label}>
      <strong>
        {nameOf(device)} · {label}
      </strong>
      <span>Name: {nameOf(device)}</span>
      <span>Platform: {device.profile?.platform ?? 'unknown'}</span>
      <span>State: {STATE_WORDS[device.state]}</span>
      <span>
        Approved by {approver ?? 'nobody (the first device, which created the vault)'} on {when(device.addedClaimedAt)} (claimed)
      </span>
      {device.revokedClaimedAt === null ? null : <span>Revoked on {when(device.revokedClaimedAt)} (claimed)</span>}
      <span>Last heartbeat: {device.lastHeartbeat === null ? 'never' : `${when(device.lastHeartbeat)} (verified signature, claimed time)`}</span>
      {device.thisDevice ? <RenameForm current={device.profile?.name ?? ''} onDone={onRenamed} /> : null}
      {device.state !== 'revoked' && !device.thisDevice ? (
        <button type="button" onClick={() => onRevoke(device)}>
          Revoke device {device.fingerprint} ({nameOf(device)})
        </button>
      ) : null}
    </li>
  );
}

export function RevokeForm({ device, onStarted, onCancel }: { device: { id: string; fingerprint: string; name?: string }; onStarted: (s: RotationStatusView) => void; onCancel: () => void }) {
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const status = await send('devices/revoke', { device: device.id, masterPassword: password });
      setPassword('');
      onStarted(status);
    } catch (error) {
      setProblem(describeError(errorCode(error)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="revoke-heading">
      <h3 id="revoke-heading">
        Revoke device {device.fingerprint}
        {device.name === undefined ? '' : ` (${device.name})`}
      </h3>
      <p className="small">
        It is refused by the server at once; a new user key and a new collection key are made for your other devices and the recovery kit, and every
        item is re-encrypted. Enter your master password to confirm.
      </p>
      <label>
        Master password
        <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      {problem === null ? null : <p role="alert" className="form-error">{problem}</p>}
      <div className="row">
        <button type="submit" className="primary" disabled={busy || password === ''}>
          Revoke
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function RotationPanel({ status, onRevokeToo, onClose }: { status: RotationStatusView; onRevokeToo: (d: { id: string; fingerprint: string }) => void; onClose: () => void }) {
  if (status.phase === 'revoking' || status.phase === 'rotating') {
    const text = status.total === 0 ? 'Revoking and rotating keys…' : `${status.done} of ${status.total} items re-encrypted`;
    return (
      <section className="stack" aria-labelledby="rotation-heading">
        <h3 id="rotation-heading">Revoking device {status.targetFingerprint}</h3>
        <progress aria-label="Items re-encrypted" max={Math.max(status.total, 1)} value={status.done} />
        <p role="status">{text}</p>
      </section>
    );
  }
  if (status.phase === 'failed') {
    return (
      <section className="stack" aria-labelledby="rotation-heading">
        <h3 id="rotation-heading">Revocation did not finish</h3>
        <p role="alert">{describeError(status.error ?? 'INTERNAL')}</p>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </section>
    );
  }
  const exposure = status.exposure;
  return (
    <section className="stack" aria-labelledby="rotation-heading">
      <h3 id="rotation-heading">Device {status.targetFingerprint} revoked</h3>
      <p role="status">Keys rotated: it cannot open anything written from now on.</p>
      {exposure === null ? null : (
        <>
          <h4>What it could read before</h4>
          <p className="small">Change these secrets if the device may be in the wrong hands. Machine secrets are marked.</p>
          <ul aria-label="Secrets the revoked device could read">
            {exposure.items.map((item) => (
              <li key={item.id}>
                {item.machine ? <strong>Machine secret: </strong> : null}
                {item.name} ({item.type}
                {item.history > 0 ? `, ${item.history} earlier versions` : ''}
                {item.trashed ? ', in the trash' : ''})
              </li>
            ))}
          </ul>
          <h4>Devices it enrolled</h4>
          {exposure.enrolled.length === 0 ? (
            <p className="small">None.</p>
          ) : (
            <ul aria-label="Devices the revoked device enrolled">
              {exposure.enrolled.map((d) => (
                <li key={d.id}>
                  Device {d.fingerprint} ({d.name ?? 'unnamed device'}) {d.trusted ? '' : '(revoked)'}
                  {d.trusted ? (
                    <button type="button" onClick={() => onRevokeToo(d)}>
                      Revoke device {d.fingerprint} too
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <button type="button" onClick={onClose}>
        Done
      </button>
    </section>
  );
}

/** The trust view section of Settings. */
export function TrustView() {
  const [view, setView] = useState<TrustViewData | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<{ id: string; fingerprint: string; name?: string } | null>(null);
  const [rotation, setRotation] = useState<RotationStatusView | null>(null);

  const load = useCallback(
    () =>
      Promise.all([
        send('devices/view', {}).then(
          (data) => {
            setView(data);
            setProblem(null);
          },
          (error: unknown) => setProblem(errorCode(error) === 'NOT_FOUND' ? 'Connect this vault to a sync server to see its devices.' : describeError(errorCode(error))),
        ),
        send('devices/rotation', {}).then(
          (status) => setRotation(status.phase === 'idle' ? null : status),
          () => setRotation(null),
        ),
      ]),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const running = rotation !== null && (rotation.phase === 'revoking' || rotation.phase === 'rotating');
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      void send('devices/rotation', {}).then((status) => {
        setRotation(status);
        if (status.phase === 'done' || status.phase === 'failed') void load();
      });
    }, 500);
    return () => clearInterval(timer);
  }, [running, load]);

  const exportAudit = async () => {
    try {
      const file = await send('devices/export-audit', {});
      downloadText(file.fileName, file.json);
    } catch (error) {
      setProblem(describeError(errorCode(error)));
    }
  };

  return (
    <section aria-labelledby="trust-title" className="stack">
      <h2 id="trust-title">Trusted devices</h2>
      {problem === null ? null : <p className="muted small">{problem}</p>}
      {rotation !== null ? (
        <RotationPanel
          status={rotation}
          onRevokeToo={(d) => {
            void send('devices/dismiss-rotation', {}).then(() => {
              setRotation(null);
              setRevoking(d);
            });
          }}
          onClose={() => void send('devices/dismiss-rotation', {}).then(() => setRotation(null))}
        />
      ) : revoking !== null ? (
        <RevokeForm device={revoking} onStarted={(s) => { setRevoking(null); setRotation(s); }} onCancel={() => setRevoking(null)} />
      ) : null}
      {view === null ? null : (
        <>
          <p className="small">
            Vault fingerprint: <code>{view.fingerprint}</code>
            <br />
            State code: <code>{view.stateCode ?? 'not synced yet'}</code> (compare it with your other devices)
          </p>
          <ul aria-label="Devices of this vault" className="stack">
            {view.devices.map((device) => (
              <DeviceRow key={device.id} device={device} onRevoke={(d) => setRevoking({ id: d.id, fingerprint: d.fingerprint, name: nameOf(d) })} onRenamed={() => void load()} />
            ))}
          </ul>
          <details>
            <summary>Audit log ({view.audit.length} identity-chain entries)</summary>
            <ol aria-label="Audit log">
              {view.audit.map((line) => (
                <li key={line.seq}>
                  #{line.seq} {line.op}
                  {line.subject === null ? '' : ` (${line.subject})`} by {line.by === 'recovery key' ? 'the recovery kit' : `device ${line.byFingerprint}`}, claimed{' '}
                  {line.claimedAt.replace('T', ' ').slice(0, 16)} UTC
                </li>
              ))}
            </ol>
          </details>
          <button type="button" onClick={() => void exportAudit()}>
            Export audit log
          </button>
          <p className="muted small">
            Verify an export offline with <code>npm run verify-audit -- FILE.json</code>.
          </p>
        </>
      )}
    </section>
  );
}
