/** Unlock with a passkey: one assertion over the vault's passkeys, its PRF output to the worker. */
import { useState } from 'react';
import { describeError, describeRateLimit, errorCode } from '../error-messages';
import { send } from '../messaging';
import { describeWebAuthnError, getPrfAssertion, NO_PRF_MESSAGE } from '../webauthn-prf';

export function PasskeyUnlock({ onUnlocked }: { onUnlocked: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const unlock = async () => {
    setBusy(true);
    setError(null);
    try {
      const begun = await send('passkey/unlock-begin', {});
      if (begun.credentials.length === 0) {
        setError('No passkeys are added to this vault. Unlock with your master password from the toolbar button.');
        return;
      }
      const result = await getPrfAssertion(begun.challenge, begun.credentials);
      if (result === 'no-prf') {
        setError(NO_PRF_MESSAGE);
        return;
      }
      await send('passkey/unlock', result);
      onUnlocked();
    } catch (thrown) {
      const code = errorCode(thrown);
      setError(describeWebAuthnError(thrown) ?? (code === 'RATE_LIMITED' ? describeRateLimit(thrown) : describeError(code)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="passkey-unlock-title" className="stack">
      <h2 id="passkey-unlock-title">Your vault is locked</h2>
      <button type="button" className="primary" disabled={busy} onClick={() => void unlock()}>
        Unlock with a passkey
      </button>
      {error === null ? null : (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </section>
  );
}
