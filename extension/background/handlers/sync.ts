/**
 * Sync messages (extension pages only): status (optionally starting a sync: the popup opening is a
 * trigger), connect to a server, sync now, and approve re-pinning a frozen collection. The host
 * permission for the server is asked by the popup (a user gesture); the service checks it. Also
 * dismissing the notice of deleted items that came back because another device edited them.
 */
import type { Handlers } from '../router';
import type { SyncService } from '../sync/sync-service';

type SyncHandlers = Pick<Handlers, 'sync/status' | 'sync/connect' | 'sync/now' | 'sync/approve-repin' | 'sync/dismiss-restored'>;

export function syncHandlers(sync: SyncService): SyncHandlers {
  return {
    'sync/status': async ({ kick }) => {
      if (kick === true) void sync.syncNow();
      return sync.status();
    },
    'sync/connect': async ({ server }) => {
      await sync.connect(server);
      return sync.status();
    },
    'sync/now': async () => {
      await sync.syncNow();
      return sync.status();
    },
    'sync/dismiss-restored': async () => {
      await sync.dismissRestored();
      return sync.status();
    },
    'sync/approve-repin': async ({ code }) => {
      await sync.approveRepin(code);
      return sync.status();
    },
  };
}
