/**
 * A SyncTransport wrapper that misbehaves like a bad network, for fault tests. Before each call a
 * `plan` picks what happens to it:
 * - 'ok': passed through;
 * - 'drop-request': UNAVAILABLE, the server never sees it;
 * - 'drop-response': the server handles it, then UNAVAILABLE (a push stored but not answered);
 * - 'duplicate': the server handles it twice (a retried request), the second answer is returned.
 * The server underneath stays honest; only delivery fails.
 */
import { VaultError } from '../../protocol/errors';
import type { SyncTransport } from '../engine/ports';

export type Fault = 'ok' | 'drop-request' | 'drop-response' | 'duplicate';
export type FaultPlan = (call: keyof SyncTransport) => Fault;

export const RELIABLE: FaultPlan = () => 'ok';

export function unreliable(inner: SyncTransport, plan: FaultPlan): SyncTransport {
  const wrap =
    <A extends unknown[], R>(name: keyof SyncTransport, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const fault = plan(name);
      if (fault === 'drop-request') throw new VaultError('UNAVAILABLE', `${name}: request dropped`);
      const answer = await call(...args);
      if (fault === 'drop-response') throw new VaultError('UNAVAILABLE', `${name}: response dropped`);
      if (fault === 'duplicate') return call(...args);
      return answer;
    };
  return {
    identityChain: wrap('identityChain', (identity, from) => inner.identityChain(identity, from)),
    appendIdentityEntry: wrap('appendIdentityEntry', (identity, entry, prev) => inner.appendIdentityEntry(identity, entry, prev)),
    collectionChain: wrap('collectionChain', (collection, from) => inner.collectionChain(collection, from)),
    appendCollectionEntry: wrap('appendCollectionEntry', (collection, entry, prev) => inner.appendCollectionEntry(collection, entry, prev)),
    changes: wrap('changes', (collection, since, limit) => inner.changes(collection, since, limit)),
    appendBatch: wrap('appendBatch', (collection, batch, counter) => inner.appendBatch(collection, batch, counter)),
    putHeartbeat: wrap('putHeartbeat', (heartbeat) => inner.putHeartbeat(heartbeat)),
    heartbeats: wrap('heartbeats', (identity) => inner.heartbeats(identity)),
    ...(inner.registerCheckpoint === undefined
      ? {}
      : { registerCheckpoint: wrap('registerCheckpoint', (collection, seq) => inner.registerCheckpoint!(collection, seq)) }),
  };
}
