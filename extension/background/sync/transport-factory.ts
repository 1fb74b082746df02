/**
 * The engine's transport for a sync account: the HTTP client of shared/protocol/client over fetch
 * (redirect "error", no cookies), signing in as this device with its Ed25519 seed.
 */
import { VaultError } from '../../../shared/protocol/errors';
import type { DeviceKeys, SyncTransport } from '../../../shared/sync/engine/ports';
import type { SyncAccount } from '../../../shared/vault/sync-account';

export function httpTransportFor(_account: SyncAccount, _keys: DeviceKeys): SyncTransport {
  const offline = async (): Promise<never> => {
    throw new VaultError('UNAVAILABLE', 'the HTTP transport is not built yet');
  };
  return {
    identityChain: offline,
    appendIdentityEntry: offline,
    collectionChain: offline,
    appendCollectionEntry: offline,
    changes: offline,
    appendBatch: offline,
    putHeartbeat: offline,
    heartbeats: offline,
  };
}
