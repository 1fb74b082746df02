/**
 * The network side of sync in the worker: the engine's transport for a sync account (the HTTP client
 * of shared/protocol/client over the worker's fetch, signing in as this device) and account
 * registration. The client fetches with `redirect: "error"`; the device's seed is read through
 * DeviceKeys, which refuses once the vault has locked.
 */
import { createAccount } from '../../../shared/protocol/client/create-account';
import { HttpTransport } from '../../../shared/protocol/client/http-transport';
import { PairingRelay } from '../../../shared/protocol/client/pairing-relay';
import { VaultError } from '../../../shared/protocol/errors';
import type { DeviceKeys } from '../../../shared/sync/engine/ports';
import type { SyncAccount } from '../../../shared/vault/sync-account';

export const workerFetch = (url: string, init: RequestInit) => fetch(url, { ...init, credentials: 'omit', cache: 'no-store' });

export function httpTransportFor(account: SyncAccount, keys: DeviceKeys): HttpTransport {
  return new HttpTransport({ server: account.server, fetch: workerFetch, device: keys });
}

/** `POST /v1/accounts`; the same genesis again (CONFLICT) is the account an earlier attempt made. */
export async function registerAccount(server: string, genesis: Uint8Array): Promise<void> {
  try {
    await createAccount({ server, fetch: workerFetch }, genesis);
  } catch (error) {
    if (!(error instanceof VaultError && error.code === 'CONFLICT')) throw error;
  }
}

/** The pairing relay's mailbox of an invite on the account's server (no session: the invite id is the key). */
export function pairingRelayFor(server: string, inviteId: Uint8Array): PairingRelay {
  return new PairingRelay({ server, fetch: workerFetch, inviteId });
}

/** The account-data client's options (my server data, delete account) for this device on its server. */
export function accountClientOptions(server: string, device: { identity: Uint8Array; device: Uint8Array; seed: Uint8Array }) {
  return { server, fetch: workerFetch, device };
}
