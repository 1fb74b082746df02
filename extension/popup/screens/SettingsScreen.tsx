/**
 * Settings: when the vault locks itself (idle minutes, with the computer), how soon a copied secret
 * is cleared from the clipboard, sync, adding a device, changing the master password, and passkeys (their own page).
 */
import browser from 'webextension-polyfill';
import { KdfSettingsForm } from '../components/KdfSettingsForm';
import { useState, type FormEvent } from 'react';
import type { Settings } from '../../../shared/protocol/messages';
import { describeError, errorCode } from '../error-messages';
import { ChangePasswordForm } from '../components/ChangePasswordForm';
import { ScreenHeader } from '../components/ScreenHeader';
import { SyncSettings } from '../components/SyncSettings';
import { DevicesSettings } from '../components/AddDevice';
import { RecoveryKitSettings } from '../components/RecoveryKitSection';
import { TrustView } from '../components/TrustView';
import { TextField } from '../components/TextField';
import { useSettings } from '../hooks/useSettings';
import { useVault } from '../hooks/useVault';
import { SecurityCenterLink, useSectionFocus } from '../components/SecurityCenterLink';

function LockSettingsForm({ settings, save }: { settings: Settings; save: (changes: Partial<Settings>) => Promise<Settings> }) {
  const [minutes, setMinutes] = useState(String(settings.autoLockMinutes));
  const [seconds, setSeconds] = useState(String(settings.clipboardClearSeconds));
  const [withSystem, setWithSystem] = useState(settings.lockOnSystemLock);
  const [errors, setErrors] = useState<{ minutes?: string; seconds?: string; form?: string }>({});
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const m = Number(minutes);
    const s = Number(seconds);
    const next = {
      ...(Number.isInteger(m) && m >= 1 && m <= 1440 ? {} : { minutes: 'Enter a whole number of minutes from 1 to 1440.' }),
      ...(Number.isInteger(s) && s >= 30 && s <= 600 ? {} : { seconds: 'Enter a whole number of seconds from 30 to 600.' }),
    };
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    try {
      await save({ autoLockMinutes: m, clipboardClearSeconds: s, lockOnSystemLock: withSystem });
      setSaved(true);
    } catch (error) {
      setErrors({ form: describeError(errorCode(error)) });
    }
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-labelledby="lock-settings-title">
      <h2 id="lock-settings-title">Locking and clipboard</h2>
      <TextField label="Lock after idle (minutes)" type="number" min={1} max={1440} value={minutes} onChange={setMinutes} error={errors.minutes} />
      <label className="check">
        <input type="checkbox" checked={withSystem} onChange={(e) => setWithSystem(e.target.checked)} /> Lock when the computer locks
      </label>
      <TextField label="Clear copied secrets after (seconds)" type="number" min={30} max={600} value={seconds} onChange={setSeconds} error={errors.seconds} />
      {errors.form === undefined ? null : (
        <p role="alert" className="form-error">
          {errors.form}
        </p>
      )}
      {saved ? <p role="status">Settings saved.</p> : null}
      <button type="submit" className="primary">
        Save settings
      </button>
    </form>
  );
}

export function SettingsScreen({ onBack, section, onSecurity }: { onBack: () => void; section?: 'devices' | undefined; onSecurity?: () => void }) {
  const { state, save } = useSettings();
  const vault = useVault();
  useSectionFocus(section);
  return (
    <main className="screen settings-screen">
      <ScreenHeader title="Settings" onBack={onBack} />
      {state.phase === 'loading' ? <p className="muted">Loading…</p> : null}
      {state.phase === 'failed' ? (
        <p role="alert" className="form-error">
          {describeError(state.code)}
        </p>
      ) : null}
      {state.phase === 'ready' ? <LockSettingsForm settings={state.settings} save={save} /> : null}
      <SyncSettings />
      <DevicesSettings />
      <RecoveryKitSettings />
      {onSecurity === undefined ? null : <SecurityCenterLink onOpen={onSecurity} />}
      <TrustView />
      <ChangePasswordForm />
      <KdfSettingsForm />
      <section aria-labelledby="passkeys-title" className="stack">
        <h2 id="passkeys-title">Unlock with a passkey</h2>
        <p className="muted small">Add a passkey (a security key or this computer) that can unlock the vault instead of the master password.</p>
        <button type="button" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('extension/popup/passkeys.html') })}>
          Passkeys
        </button>
      </section>
      <section aria-labelledby="backups-title" className="stack">
        <h2 id="backups-title">Backups</h2>
        <p className="muted small">Encrypted backups, on demand or on a schedule, and restoring the vault to a point in time.</p>
        <button type="button" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('extension/popup/backups.html') })}>
          Open backups
        </button>
      </section>
      <section aria-labelledby="import-export-title" className="stack">
        <h2 id="import-export-title">Import and export</h2>
        <button type="button" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('extension/popup/import.html') })}>
          Open import and export
        </button>
      </section>
      <p className="muted small">Sealed Vault {vault.version}</p>
    </main>
  );
}
