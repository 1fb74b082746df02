/**
 * The person's account on the sync server, from the security center (issue 11, docs/security-center.md):
 * - `data`: everything the server holds about the account (`fetchAccountData`, shared/protocol/
 *   client/account-data.ts), with this build's own explanations;
 * - `remove`: after the typed confirmation (checked by the message schema) and the master password
 *   (throttled like unlock), deletes the account and its data from the server with a fresh
 *   signature (`deleteAccount`), then disconnects sync on this device; the local vault stays;
 * - `eraseLocal`: after the master password again, erases this browser's vault and locks.
 * Device credentials come from the connected sync account (the sync service), read only while unlocked.
 */
import type { AccountDataResponse } from '../../../shared/protocol/api/account-data';
import type { DeleteAccountResponse } from '../../../shared/protocol/api/account-deletion';
import type { AccountDataOptions } from '../../../shared/protocol/client/account-data';
import type { PairingAccess } from '../sync/sync-service';

export interface AccountServiceDeps {
  confirmPassword: (password: string) => Promise<void>;
  access: () => Promise<PairingAccess>;
  options: (server: string, device: AccountDataOptions['device']) => AccountDataOptions;
  fetchData: (options: AccountDataOptions) => Promise<AccountDataResponse>;
  deleteAccount: (options: AccountDataOptions) => Promise<DeleteAccountResponse>;
  /** Forget the sync account on this device. */
  disconnect: () => Promise<void>;
  /** Erase the local vault (database, security log, fill history) and lock. */
  erase: () => Promise<void>;
}

export function accountService(deps: AccountServiceDeps) {
  async function options(): Promise<AccountDataOptions> {
    const access = await deps.access();
    return deps.options(access.server, { identity: access.identity, device: access.deviceId, seed: access.seed });
  }
  return {
    async data(): Promise<AccountDataResponse> {
      return deps.fetchData(await options());
    },
    async remove(masterPassword: string): Promise<DeleteAccountResponse> {
      await deps.confirmPassword(masterPassword);
      const result = await deps.deleteAccount(await options());
      await deps.disconnect();
      return result;
    },
    async eraseLocal(masterPassword: string): Promise<void> {
      await deps.confirmPassword(masterPassword);
      await deps.disconnect().catch(() => undefined);
      await deps.erase();
    },
  };
}

export type AccountService = ReturnType<typeof accountService>;
