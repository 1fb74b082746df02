/**
 * Shown where a vault would be after this browser was removed from its vault and wiped
 * (docs/decisions/009-revoked-device-told-and-wiped.md): "This device was removed from the vault by <device
 * fingerprint (its name, as of this device's last trust view) | the recovery kit (restored on device
 * fingerprint)> on <claimed date>", with Dismiss (docs/decisions/010-device-profiles.md). Only a verified revoke-device
 * entry leaves this notice; the date is the time the entry claims.
 */
import { useEffect, useState } from 'react';
import { send } from '../messaging';

export function RemovalNotice() {
  const [notice, setNotice] = useState<{ by: string; claimedAt: number } | null>(null);
  useEffect(() => {
    let live = true;
    send('devices/removed', {})
      .then((answer) => live && setNotice(answer.notice))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  if (notice === null) return null;
  const date = new Date(notice.claimedAt).toISOString().slice(0, 10);
  return (
    <section role="alert" aria-labelledby="removed-title" className="stack banner">
      <h2 id="removed-title">This device was removed</h2>
      <p>
        This device was removed from the vault by {notice.by} on {date} (claimed date). Its local vault was deleted from this browser.
      </p>
      <button type="button" onClick={() => void send('devices/dismiss-removed', {}).then(() => setNotice(null))}>
        Dismiss
      </button>
    </section>
  );
}
