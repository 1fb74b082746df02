/**
 * The unlocked vault's passkeys: the list with Remove, and adding one (its name and the master
 * password, then the browser's passkey prompt). Nothing is stored when the authenticator has no PRF.
 * While new devices need a passkey (PairingPolicySection), adding one first asks for an added passkey.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { PasskeySummary } from '../../../shared/protocol/messages';
import { describeError, describeRateLimit, errorCode } from '../error-messages';
import { send } from '../messaging';
import { passkeyProof, PasskeyProofProblem } from '../passkey-proof';
import { createPrfPasskey, describeWebAuthnError, NO_PRF_MESSAGE } from '../webauthn-prf';
import { TextField } from './TextField';

function describe(thrown: unknown): string {
  if (thrown instanceof PasskeyProofProblem) return thrown.message;
  const code = errorCode(thrown);
  return describeWebAuthnError(thrown) ?? (code === 'RATE_LIMITED' ? describeRateLimit(thrown) : describeError(code));
}

export function PasskeyManager({ onLocked, onChanged }: { onLocked: () => void; onChanged?: () => void }) {
  const [passkeys, setPasskeys] = useState<PasskeySummary[] | null>(null);
  const [label, setLabel] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const [version, setVersion] = useState(0);
  const refresh = () => {
    setVersion((v) => v + 1);
    onChanged?.();
  };
  useEffect(() => {
    let live = true;
    send('passkey/list', {})
      .then((res) => live && setPasskeys(res.passkeys))
      .catch((thrown: unknown) => {
        if (!live) return;
        if (errorCode(thrown) === 'LOCKED') onLocked();
        else setError(describe(thrown));
      });
    return () => {
      live = false;
    };
  }, [version, onLocked]);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setError(null);
    setStatus(null);
    if (password === '') return setError('Enter your master password to add a passkey.');
    setBusy(true);
    try {
      const { requirePasskey } = await send('pairing/policy-get', {});
      const proof = requirePasskey ? await passkeyProof() : undefined;
      const begun = await send('passkey/add-begin', proof === undefined ? { password } : { password, proof });
      setPassword('');
      const result = await createPrfPasskey(begun, (passkeys ?? []).map((p) => p.credentialId));
      if (result === 'no-prf') return setError(NO_PRF_MESSAGE);
      const name = label.trim() === '' ? 'Passkey' : label.trim().slice(0, 64);
      await send('passkey/add-finish', { ...result, label: name });
      setLabel('');
      setStatus(`Passkey "${name}" added. It can now unlock this vault.`);
      refresh();
    } catch (thrown) {
      setPassword('');
      setError(describe(thrown));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (passkey: PasskeySummary) => {
    setError(null);
    try {
      await send('passkey/remove', { credentialId: passkey.credentialId });
      setStatus(`Passkey "${passkey.label}" removed. It no longer unlocks this vault.`);
      refresh();
    } catch (thrown) {
      const last = errorCode(thrown) === 'BAD_INPUT' && passkeys?.length === 1;
      setError(last ? 'New devices need a passkey: stop requiring one (below) before removing the last passkey.' : describe(thrown));
    }
  };

  return (
    <>
      <section aria-labelledby="passkey-list-title" className="stack">
        <h2 id="passkey-list-title">Passkeys that unlock this vault</h2>
        {passkeys === null ? <p className="muted">Loading…</p> : null}
        {passkeys?.length === 0 ? <p>No passkeys yet. Your master password unlocks the vault.</p> : null}
        <ul aria-label="Passkeys">
          {(passkeys ?? []).map((p) => (
            <li key={p.credentialId}>
              {p.label} <span className="muted small">added {new Date(p.createdAt).toLocaleDateString()}</span>{' '}
              <button type="button" aria-label={`Remove passkey ${p.label}`} onClick={() => void remove(p)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      </section>
      <form className="stack" onSubmit={add} noValidate aria-labelledby="passkey-add-title">
        <h2 id="passkey-add-title">Add a passkey</h2>
        <TextField label="Passkey name" value={label} onChange={setLabel} hint="For example, the laptop or security key it lives on." />
        <TextField label="Master password" type="password" value={password} onChange={setPassword} autoComplete="current-password" readOnly={busy} />
        <button type="submit" className="primary" disabled={busy}>
          Add a passkey
        </button>
      </form>
      {error === null ? null : (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      {status === null ? null : <p role="status">{status}</p>}
    </>
  );
}
