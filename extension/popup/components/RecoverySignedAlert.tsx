/**
 * "Your recovery kit was used" (DESIGN.md §7: every device is alerted when the recovery key signs):
 * shown on the vault screen of every device still trusted after someone used the kit, from the
 * worker's persistent alert (extension/background/recovery/recovery-alert.ts), until the person
 * dismisses it. Its heading takes focus when it appears. `revision` changes after each sync, so an
 * alert raised by a sync while the popup is open appears at once.
 */
import { useEffect, useState } from 'react';
import type { RecoveryAlertView } from '../../../shared/protocol/messages';
import { useFocusOnMount } from '../hooks/useFocusOnMount';
import { send } from '../messaging';

function AlertBody({ alert, onDismiss }: { alert: RecoveryAlertView; onDismiss: () => void }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const when = new Date(alert.firstSeenAt).toLocaleString();
  return (
    <section role="alert" aria-labelledby="recovery-alert-title" className="frozen-banner stack">
      <h2 id="recovery-alert-title" ref={heading} tabIndex={-1}>
        Your recovery kit was used
      </h2>
      <p>
        {`Someone used this vault's recovery kit (this device learned of it on ${when}). A recovery adds a new device, can remove your other devices, and replaces the kit with a new one.`}
      </p>
      <p>
        <strong>If it was you</strong>, nothing more to do. <strong>If it was not you</strong>, someone has your recovery kit and can read your
        vault: make a new recovery kit now (Settings → Recovery kit), remove every device you do not recognise (Settings → Devices), and change the
        passwords stored here that matter most.
      </p>
      <button type="button" onClick={onDismiss}>
        Dismiss alert
      </button>
    </section>
  );
}

export function RecoverySignedAlert({ revision }: { revision: number }) {
  const [alert, setAlert] = useState<RecoveryAlertView | null>(null);
  useEffect(() => {
    let live = true;
    send('recovery/alert', {}).then(
      (res) => live && setAlert(res.alert),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [revision]);
  if (alert === null) return null;
  const dismiss = () => {
    void send('recovery/alert-dismiss', {}).then(() => setAlert(null), () => undefined);
  };
  return <AlertBody alert={alert} onDismiss={dismiss} />;
}
