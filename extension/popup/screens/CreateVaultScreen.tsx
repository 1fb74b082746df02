/**
 * The first screen of a browser without a vault: choose a master password (typed twice, judged by
 * the background's strength policy), then the worker derives the key with Argon2id while a progress
 * bar runs. A password the policy refuses is refused here with the reason, before any key work.
 */
import { useState, type FormEvent } from 'react';
import browser from 'webextension-polyfill';
import { describeError, errorCode } from '../error-messages';
import { ProgressBar } from '../components/ProgressBar';
import { NewMasterPasswordFields } from '../components/NewMasterPasswordFields';
import { useNewMasterPassword } from '../hooks/useNewMasterPassword';
import { useVault } from '../hooks/useVault';
import { send } from '../messaging';

export function CreateVaultScreen({ onRestore }: { onRestore?: () => void } = {}) {
  const vault = useVault();
  const form = useNewMasterPassword('Choose a master password.');
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!form.check()) return;
    setBusy(true);
    try {
      await send('vault/create', { password: form.password });
      form.clear();
      vault.setState('unlocked');
    } catch (thrown) {
      const code = errorCode(thrown);
      setBusy(false);
      if (code === 'VAULT_EXISTS') vault.setState('locked');
      else if (code === 'WEAK_PASSWORD') form.refuse('password', form.assessment?.problem ?? describeError(code));
      else form.refuse('form', describeError(code));
    }
  };

  return (
    <main className="screen">
      <h1>Welcome to Sealed Vault</h1>
      <p>Your passwords and secrets, end-to-end encrypted and in sync on every browser you own.</p>
      <form className="stack" onSubmit={submit} noValidate aria-labelledby="create-vault-title">
        <h2 id="create-vault-title">Create your vault</h2>
        <p className="hint">
          The master password opens your vault. Nobody can reset it for you, so choose one you will remember: several
          unrelated words work well.
        </p>
        <NewMasterPasswordFields form={form} shown={shown} busy={busy} autoFocus />
        <label className="check">
          <input type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} /> Show passwords
        </label>
        {form.error?.field === 'form' ? <p role="alert" className="form-error">{form.error.text}</p> : null}
        {busy ? <ProgressBar label="Creating vault" detail="Deriving your key. This takes a moment." /> : null}
        <button type="submit" className="primary" disabled={busy}>
          Create vault
        </button>
      </form>
      <section className="stack" aria-labelledby="join-existing-title">
        <h2 id="join-existing-title">Already use Sealed Vault on another browser?</h2>
        {/* An extension tab: the camera prompt would close the popup. */}
        <button type="button" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('extension/popup/join.html') })}>
          Join a vault from another device
        </button>
      </section>
      {onRestore === undefined ? null : (
        <section className="stack" aria-labelledby="restore-entry-title">
          <h2 id="restore-entry-title">Lost your devices?</h2>
          <p className="hint">If you saved a recovery kit, you can restore your vault in this browser from your sync server.</p>
          <button type="button" onClick={onRestore} disabled={busy}>
            Restore with a recovery kit
          </button>
        </section>
      )}
      <p className="muted small">Version {vault.version}</p>
    </main>
  );
}
