/**
 * The passkeys page (an extension tab, opened from settings or the unlock screen): unlock with a
 * passkey while locked; add and remove passkeys while unlocked. The master password keeps working.
 * Also, while unlocked, "Require a passkey to approve new devices", and (`?approve-device`, opened by
 * Settings → Devices) the passkey step of adding a device: WebAuthn prompts would close the popup.
 */
import { useCallback, useState } from 'react';
import type { VaultState } from '../../../shared/protocol/messages';
import { DeviceApproval } from '../components/DeviceApproval';
import { PairingPolicySection } from '../components/PairingPolicySection';
import { PasskeyManager } from '../components/PasskeyManager';
import { PasskeyUnlock } from '../components/PasskeyUnlock';
import { useAppStatus } from '../hooks/useAppStatus';

export function PasskeysPage() {
  const app = useAppStatus();
  const [changed, setState] = useState<VaultState | null>(null);
  const [unlocked, setUnlocked] = useState(false);
  const state = changed ?? (app.phase === 'ready' ? app.status.vault : null);
  const onLocked = useCallback(() => setState('locked'), []);
  const [passkeysVersion, setPasskeysVersion] = useState(0);
  const onPasskeysChanged = useCallback(() => setPasskeysVersion((v) => v + 1), []);
  const approving = new URLSearchParams(window.location.search).has('approve-device');

  return (
    <main className="screen page-main">
      <h1>Passkeys</h1>
      <p>A passkey with the PRF extension can unlock this vault instead of the master password. The master password still works.</p>
      {app.phase === 'failed' ? <p role="alert">The background service did not answer. Reload this page.</p> : null}
      {state === null && app.phase !== 'failed' ? <p className="muted">Loading…</p> : null}
      {state === 'no-vault' ? <p role="alert">Create a vault from the toolbar button first.</p> : null}
      {state === 'locked' ? (
        <PasskeyUnlock
          onUnlocked={() => {
            setUnlocked(true);
            setState('unlocked');
          }}
        />
      ) : null}
      {unlocked ? <p role="status">Vault unlocked. Open it from the toolbar button.</p> : null}
      {state === 'unlocked' && approving ? <DeviceApproval /> : null}
      {state === 'unlocked' ? <PasskeyManager onLocked={onLocked} onChanged={onPasskeysChanged} /> : null}
      {state === 'unlocked' ? <PairingPolicySection version={passkeysVersion} /> : null}
    </main>
  );
}
