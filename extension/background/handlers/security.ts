/**
 * Security center messages (extension pages only): the local security events and pausing sync
 * (`security/*`), and the account on the sync server (`account/*`): its data, deleting it, and
 * erasing the local vault. The typed confirmation is checked by the message schema; the master
 * password by the vault (throttled like unlock).
 */
import type { Handlers } from '../router';
import type { AccountService } from '../security/account-service';
import type { SecurityService } from '../security/security-service';
import type { KeyRotation } from '../security/key-rotation';
import { VaultError } from '../../../shared/protocol/errors';
import type { SyncService } from '../sync/sync-service';
import type { SecurityCenterView } from '../../../shared/protocol/security-messages';
import { bytesToHex } from '@noble/hashes/utils.js';
import { fromBase64url } from '../../../shared/crypto/base64url';

type SecurityHandlers = Pick<
  Handlers,
  'security/events' | 'security/pause' | 'security/resume' | 'security/rotate-keys' | 'security/rotation' | 'account/data' | 'account/delete' | 'account/erase-local'
>;

export function securityHandlers(deps: { security: SecurityService; account: AccountService; sync: SyncService; rotation: KeyRotation }): SecurityHandlers {
  const view = async (): Promise<SecurityCenterView> => {
    const ids = await deps.sync.ids();
    return {
      events: await deps.security.events(),
      pausedAt: await deps.security.paused(),
      device: ids === null ? null : bytesToHex(fromBase64url(ids.device)),
    };
  };
  return {
    'security/events': view,
    'security/pause': async () => {
      await deps.security.pause();
      return view();
    },
    'security/resume': async () => {
      await deps.security.resume();
      void deps.sync.syncNow();
      return view();
    },
    'security/rotate-keys': async () => {
      if ((await deps.security.paused()) !== null) throw new VaultError('CONFLICT', 'sync is paused: resume it before rotating keys');
      await deps.sync.rotationAccess();
      void deps.rotation.start().then(
        () => deps.sync.syncNow(),
        () => undefined,
      );
      return deps.rotation.progress();
    },
    'security/rotation': async () => deps.rotation.progress(),
    'account/data': () => deps.account.data(),
    'account/delete': ({ masterPassword }) => deps.account.remove(masterPassword),
    'account/erase-local': async ({ masterPassword }) => {
      await deps.account.eraseLocal(masterPassword);
      return {};
    },
  };
}
