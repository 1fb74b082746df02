/**
 * "Rotate all keys" in the security center: a confirmation, then progress (new user key → new
 * collection keys → re-encrypting items) polled from the worker (`security/rotation`) until done
 * or failed. The worker keeps going if the popup closes; reopening shows where it is.
 */
import { useEffect, useState } from 'react';
import type { RotationProgressView } from '../../../shared/protocol/security-messages';
import { describeError, errorCode } from '../error-messages';
import { send } from '../messaging';

const POLL_MS = 1_000;

function phaseText(progress: RotationProgressView): string {
  switch (progress.phase) {
    case 'user-key':
      return 'Step 1 of 3: making a new user key for your devices…';
    case 'collections':
      return 'Step 2 of 3: making new collection keys…';
    case 're-encrypting':
      return `Step 3 of 3: re-encrypting ${progress.items} ${progress.items === 1 ? 'item' : 'items'} and sending them…`;
    case 'done':
      return `All keys rotated. ${progress.items} ${progress.items === 1 ? 'item was' : 'items were'} re-encrypted under the new keys.`;
    case 'failed':
      return `Rotating keys stopped: ${describeError(progress.error ?? 'INTERNAL')} Try again to resume where it stopped.`;
    case 'idle':
      return '';
  }
}

const busy = (progress: RotationProgressView | null) => progress !== null && ['user-key', 'collections', 're-encrypting'].includes(progress.phase);

export function RotateKeys() {
  const [confirming, setConfirming] = useState(false);
  const [progress, setProgress] = useState<RotationProgressView | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    let live = true;
    void send('security/rotation', {}).then((p) => live && setProgress(p), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    if (!busy(progress)) return;
    const timer = setInterval(() => void send('security/rotation', {}).then(setProgress, () => undefined), POLL_MS);
    return () => clearInterval(timer);
  }, [progress]);

  const start = async () => {
    setConfirming(false);
    setError('');
    try {
      setProgress(await send('security/rotate-keys', {}));
    } catch (e) {
      const code = errorCode(e);
      setError(
        code === 'CONFLICT'
          ? 'Sync is paused: resume it first, rotating keys has to reach the server.'
          : code === 'NOT_FOUND'
            ? 'This vault does not sync with a server: there are no shared keys to rotate.'
            : describeError(code),
      );
    }
  };

  return (
    <div className="stack">
      {confirming ? (
        <div className="confirm" role="group" aria-labelledby="rotate-confirm-text">
          <p id="rotate-confirm-text" className="small">
            Rotate all keys? Your devices get a new user key and every collection a new key; your items are re-encrypted and sent again. Devices you
            removed earlier cannot read anything written afterwards. Use this if you think a key leaked.
          </p>
          <div className="actions">
            <button type="button" className="primary" onClick={() => void start()}>
              Rotate now
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button type="button" disabled={busy(progress)} onClick={() => setConfirming(true)}>
          Rotate all keys
        </button>
      )}
      {progress === null || progress.phase === 'idle' ? null : (
        <p role="status" className="small">
          {phaseText(progress)}
        </p>
      )}
      {error === '' ? null : (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </div>
  );
}
