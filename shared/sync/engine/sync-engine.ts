/**
 * The client sync engine (DESIGN.md §6), composed from the pure modules of shared/sync and
 * shared/chains behind the ports of ports.ts. Work in progress: the API (engine-api.ts) is fixed;
 * the operations are being filled in.
 */
import { VaultError } from '../../protocol/errors';
import type { SyncEngine, SyncEngineOptions, SyncPorts } from './engine-api';

export function createSyncEngine(_ports: SyncPorts, _options: SyncEngineOptions = {}): SyncEngine {
  const todo = (): never => {
    throw new VaultError('INTERNAL', 'sync engine: not implemented yet');
  };
  return {
    stamp: async () => todo(),
    recordChanges: async () => todo(),
    sync: async () => todo(),
    status: async () => todo(),
    stateCode: async () => todo(),
    approveRepin: async () => todo(),
    createPersonalCollection: async () => todo(),
  };
}
