/**
 * "Require a passkey to approve new devices" (issue 12) on the passkeys page: shown with its state;
 * offered only when a passkey (always one with PRF) is added, and said why otherwise. Turning it on
 * or off asks for a passkey (the worker checks its PRF output), so a thief with the unlocked
 * browser cannot simply switch it off. Says plainly that it is a setting of this browser only.
 */
import { useEffect, useState } from 'react';
import { describeError, errorCode } from '../error-messages';
import { send } from '../messaging';
import { passkeyProof, PasskeyProofProblem } from '../passkey-proof';
import { describeWebAuthnError } from '../webauthn-prf';

export function PairingPolicySection({ version }: { version: number }) {
  const [policy, setPolicy] = useState<{ requirePasskey: boolean; passkeys: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    send('pairing/policy-get', {}).then(
      (p) => live && setPolicy(p),
      (thrown: unknown) => live && setProblem(describeError(errorCode(thrown))),
    );
    return () => {
      live = false;
    };
  }, [version]);

  const change = async (requirePasskey: boolean) => {
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      const proof = await passkeyProof();
      setPolicy(await send('pairing/policy-set', { requirePasskey, proof }));
      setDone(requirePasskey ? 'New devices now need a passkey to be approved here.' : 'New devices no longer need a passkey to be approved here.');
    } catch (thrown) {
      if (thrown instanceof PasskeyProofProblem) setProblem(thrown.message);
      else setProblem(describeWebAuthnError(thrown) ?? describeError(errorCode(thrown)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="pairing-policy-title" className="stack">
      <h2 id="pairing-policy-title">Approving new devices</h2>
      {policy === null ? null : policy.passkeys === 0 ? (
        <p>Add a passkey first. “Require a passkey to approve new devices” needs a passkey with PRF on this vault to check.</p>
      ) : (
        <>
          <p>
            {policy.requirePasskey
              ? 'On: adding a device from this browser needs one of your passkeys after the code is picked.'
              : 'Off: adding a device from this browser needs the master password and the code only.'}
          </p>
          <p className="muted small">
            This is a setting of this browser only: your other devices and the sync server do not enforce it. Changing it asks for a passkey.
          </p>
          <button type="button" className={policy.requirePasskey ? undefined : 'primary'} disabled={busy} onClick={() => void change(!policy.requirePasskey)}>
            {policy.requirePasskey ? 'Stop requiring a passkey' : 'Require a passkey to approve new devices'}
          </button>
        </>
      )}
      {problem === null ? null : (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
      {done === null ? null : <p role="status">{done}</p>}
    </section>
  );
}
