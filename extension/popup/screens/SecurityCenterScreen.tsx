/**
 * The security center (issue 11, docs/security-center.md): the security events this device
 * recorded (time, device, what happened, what to do) and the incident actions: freeze (pause) and
 * resume sync, "I lost a device" (a guided revoke: pick the device, master password, progress, what it
 * could read; components/LostDeviceFlow.tsx),
 * "Rotate all keys" (with progress), and "My server data" (what the server holds, and deleting the
 * account).
 */
import { useState } from 'react';
import type { SecurityEvent } from '../../../shared/security/security-event';
import { LostDeviceFlow } from '../components/LostDeviceFlow';
import { RotateKeys } from '../components/RotateKeys';
import { ScreenHeader } from '../components/ScreenHeader';
import { describeError, errorCode } from '../error-messages';
import { useSecurityCenter } from '../hooks/useSecurityCenter';
import { eventBy, eventTodo, eventWhat } from '../security-wording';

interface SecurityCenterProps {
  onBack: () => void;
  onDevices: () => void;
  onServerData: () => void;
}

function when(at: number): string {
  return new Date(at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

function EventList({ events, device }: { events: readonly SecurityEvent[]; device: string | null }) {
  if (events.length === 0) return <p className="muted small">No security events recorded on this device.</p>;
  return (
    <ul className="security-events" aria-label="Security events">
      {events.map((event) => (
        <li key={event.key} className="stack">
          <p>
            <strong>{eventWhat(event)}</strong>
          </p>
          <p className="muted small">
            <time dateTime={new Date(event.at).toISOString()}>{when(event.at)}</time> · {eventBy(event, device)}
          </p>
          <p className="small">What to do: {eventTodo(event)}</p>
        </li>
      ))}
    </ul>
  );
}

export function SecurityCenterScreen({ onBack, onDevices, onServerData }: SecurityCenterProps) {
  const center = useSecurityCenter();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try {
      await work();
    } catch (e) {
      setError(describeError(errorCode(e)));
    } finally {
      setBusy(false);
    }
  };
  const view = center.state.phase === 'ready' ? center.state.view : null;
  return (
    <main className="screen security-screen">
      <ScreenHeader title="Security center" onBack={onBack} />
      {center.state.phase === 'loading' ? <p className="muted">Loading…</p> : null}
      {center.state.phase === 'failed' ? (
        <p role="alert" className="form-error">
          {describeError(center.state.code)}
        </p>
      ) : null}
      {view === null ? null : (
        <>
          <section aria-labelledby="security-actions-title" className="stack">
            <h2 id="security-actions-title">If something looks wrong</h2>
            <p role="status" className="small">
              {view.pausedAt === null ? 'Sync is running.' : `Sync is paused since ${when(view.pausedAt)}: nothing is sent to or taken from the server.`}
            </p>
            {view.pausedAt === null ? (
              <>
                <p className="muted small">Freezing sync stops sending and receiving until you resume. Your vault keeps working here; changes wait.</p>
                <button type="button" className="danger" disabled={busy} onClick={() => void act(center.pause)}>
                  Freeze sync
                </button>
              </>
            ) : (
              <button type="button" className="primary" disabled={busy} onClick={() => void act(center.resume)}>
                Resume sync
              </button>
            )}
            <LostDeviceFlow onDevices={onDevices} />
            <RotateKeys />
            <button type="button" onClick={onServerData}>
              My server data
            </button>
            {error === '' ? null : (
              <p role="alert" className="form-error">
                {error}
              </p>
            )}
          </section>
          <section aria-labelledby="security-events-title" className="stack">
            <h2 id="security-events-title">Security events</h2>
            <EventList events={view.events} device={view.device} />
          </section>
        </>
      )}
    </main>
  );
}
