/**
 * The client sync engine (DESIGN.md §6): pure code over the ports of ports.ts, composed from the
 * modules of shared/sync (batches, verification, trust, records, merge, heartbeats) and
 * shared/chains. One operation at a time per collection (collection-lock.ts); each loads the
 * collection's state, works on it (session.ts) and saves it at every checkpoint.
 *
 * - `stamp`, `recordChanges`: local-changes.ts; `markEpoch`: epoch-marker.ts;
 * - `sync`: sync-run.ts (chains, pull, verify, apply, push, heartbeats, freeze);
 * - `approveRepin`: repin.ts, then a sync;
 * - `status`, `stateCode`: local, no network (state-code.ts);
 * - `createPersonalCollection`: personal-collection.ts;
 * - `writeCheckpoint`: a sync, then checkpoint-write.ts (also after a sync when `checkpointEvery`).
 * See docs/sync-engine.md for the state diagram and the decisions taken.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { randomBytes } from '../../crypto/random';
import { VaultError } from '../../protocol/errors';
import { COLLECTION_ID_LENGTH } from '../batch';
import { ChainCache } from './chain-pins';
import { writeCheckpoint } from './checkpoint-write';
import { CollectionLock } from './collection-lock';
import type { SyncEngine, SyncEngineOptions, SyncPorts, SyncStatus } from './engine-api';
import { type CollectionSyncState, logPosition } from './engine-state';
import { recordEpochMarker } from './epoch-marker';
import { recordLocal, stampLocal } from './local-changes';
import { createPersonal } from './personal-collection';
import { approveRepinning } from './repin';
import { collectionBytes, openSession, resolveOptions, type SyncSession } from './session';
import { stateCodeOf } from './state-code';
import { runSync, settleFailure } from './sync-run';

export function createSyncEngine(ports: SyncPorts, options: SyncEngineOptions = {}): SyncEngine {
  const resolved = resolveOptions(options);
  const cache = new ChainCache();
  const lock = new CollectionLock();
  const withSession = <T>(collection: string, operation: (session: SyncSession) => Promise<T>): Promise<T> =>
    lock.run(collection, async () => operation(await openSession(ports, resolved, cache, collection)));

  async function loadStates(collections: readonly string[]): Promise<Map<string, CollectionSyncState>> {
    const states = new Map<string, CollectionSyncState>();
    for (const collection of collections) {
      collectionBytes(collection);
      const state = await ports.store.load(collection);
      if (state !== undefined) states.set(collection, state);
    }
    return states;
  }

  return {
    stamp: (collection) => withSession(collection, stampLocal),
    recordChanges: (collection, changes) => withSession(collection, (session) => recordLocal(session, changes)),
    sync: (collection) => withSession(collection, runSync),
    markEpoch: (collection) => withSession(collection, recordEpochMarker),

    approveRepin: (collection) =>
      withSession(collection, async (session) => {
        try {
          await approveRepinning(session);
        } catch (error) {
          return settleFailure(session, error);
        }
        return runSync(session);
      }),

    writeCheckpoint: (collection) =>
      withSession(collection, async (session) => {
        const report = await runSync(session);
        if (report.status !== 'ok') throw new VaultError(report.state ?? 'UNAVAILABLE', `the sync before the checkpoint ended ${report.status}`);
        return writeCheckpoint(session, resolved.retentionMs);
      }),

    async status(collection): Promise<SyncStatus> {
      const states = await loadStates([collection]);
      const state = states.get(collection);
      return {
        collection,
        lastSyncAt: state?.lastSyncAt ?? null,
        pending: state?.outbox.length ?? 0,
        frozen: state?.frozen ?? null,
        quarantined: state?.quarantine.length ?? 0,
        log: state === undefined ? { seq: 0, head: '' } : logPosition(state),
        stateCode: stateCodeOf([collection], states),
        repins: state?.repins.length ?? 0,
      };
    },

    async stateCode(collections) {
      return stateCodeOf(collections, await loadStates(collections));
    },

    async createPersonalCollection(key, collectionId = randomBytes(COLLECTION_ID_LENGTH)) {
      if (collectionId.length !== COLLECTION_ID_LENGTH) throw new VaultError('BAD_INPUT', `a collection id is ${COLLECTION_ID_LENGTH} bytes`);
      const collection = bytesToHex(collectionId);
      await withSession(collection, (session) => createPersonal(session, key));
      return collection;
    },
  };
}
