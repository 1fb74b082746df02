/**
 * "Delete my account" (security center → My server data): the person types the confirmation words
 * and the master password; the worker deletes the account and all its data from the sync server
 * with a fresh signature and disconnects sync here. Then it offers to keep this browser's vault
 * (it goes on working, without sync) or to erase it too. The password stays in this form's state
 * only until the person chooses, then is cleared.
 */
import { useState, type FormEvent } from 'react';
import type { DeleteAccountResponse } from '../../../shared/protocol/api/account-deletion';
import { DELETE_ACCOUNT_CONFIRMATION } from '../../../shared/protocol/security-messages';
import { describeError, errorCode } from '../error-messages';
import { useFocusOnMount } from '../hooks/useFocusOnMount';
import { useVault } from '../hooks/useVault';
import { send } from '../messaging';
import { TextField } from './TextField';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function Deleted({ result, password, onKept }: { result: DeleteAccountResponse; password: string; onKept: () => void }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const vault = useVault();
  const [erasing, setErasing] = useState(false);
  const [error, setError] = useState('');
  const { deleted } = result;
  const erase = async () => {
    setErasing(true);
    setError('');
    try {
      await send('account/erase-local', { masterPassword: password });
      vault.setState('no-vault');
    } catch (e) {
      setError(describeError(errorCode(e)));
      setErasing(false);
    }
  };
  return (
    <div className="stack" role="group" aria-labelledby="account-deleted-title">
      <h3 id="account-deleted-title" ref={heading} tabIndex={-1}>
        Your account was deleted from the server
      </h3>
      <p className="small">
        The server removed {plural(deleted.devices, 'device', 'devices')}, {plural(deleted.collections, 'collection', 'collections')},{' '}
        {plural(deleted.batches, 'batch of changes', 'batches of changes')} and {plural(deleted.chainEntries, 'chain entry', 'chain entries')}.
        {result.leftSharedCollections > 0 ? ` You left ${plural(result.leftSharedCollections, 'shared collection', 'shared collections')}; they stay for their other members.` : ''}
        {result.identityChainKept ? ' Your public identity chain stays while a shared collection names you, so its members can still verify their history.' : ''}
      </p>
      <p className="small">Sync is now off in this browser. Your vault here still holds everything. Keep it, or erase it from this browser too.</p>
      <div className="actions">
        <button type="button" className="primary" onClick={onKept} disabled={erasing}>
          Keep this browser’s vault
        </button>
        <button type="button" className="danger" onClick={() => void erase()} disabled={erasing}>
          Erase this browser’s vault
        </button>
      </div>
      {error === '' ? null : (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </div>
  );
}

export function DeleteAccount({ onDeleted }: { onDeleted: () => void }) {
  const [typed, setTyped] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ typed?: string; password?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<DeleteAccountResponse | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next = {
      ...(typed.trim() === DELETE_ACCOUNT_CONFIRMATION ? {} : { typed: `Type ${DELETE_ACCOUNT_CONFIRMATION} exactly.` }),
      ...(password === '' ? { password: 'Enter your master password.' } : {}),
    };
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    setBusy(true);
    try {
      setResult(await send('account/delete', { confirmation: DELETE_ACCOUNT_CONFIRMATION, masterPassword: password }));
    } catch (e) {
      setErrors({ form: describeError(errorCode(e)) });
    } finally {
      setBusy(false);
    }
  };

  if (result !== null) {
    return (
      <Deleted
        result={result}
        password={password}
        onKept={() => {
          setPassword('');
          onDeleted();
        }}
      />
    );
  }
  return (
    <form className="stack" onSubmit={submit} noValidate aria-labelledby="delete-account-title">
      <h3 id="delete-account-title">Delete my account</h3>
      <p className="small">
        This deletes your account and everything the server holds for it: devices, chains, every encrypted batch and heartbeat. Your other devices
        stop syncing. It cannot be undone. Your vault in this browser is not touched unless you choose to erase it afterwards.
      </p>
      <TextField label={`Type ${DELETE_ACCOUNT_CONFIRMATION} to confirm`} value={typed} onChange={setTyped} error={errors.typed} />
      <TextField label="Master password" type="password" value={password} onChange={setPassword} error={errors.password} autoComplete="current-password" />
      {errors.form === undefined ? null : (
        <p role="alert" className="form-error">
          {errors.form}
        </p>
      )}
      <button type="submit" className="danger" disabled={busy}>
        {busy ? 'Deleting…' : 'Delete my account from the server'}
      </button>
    </form>
  );
}
