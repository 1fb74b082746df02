/**
 * Creating a person's personal collection (DESIGN.md §5: the personal vault is a collection with
 * one member). The device validates its own identity chain (against its identity id, the genesis
 * hash), seals the new collection key of epoch 0 to its owner's current user key
 * (collection-key-seal.ts), builds and signs the collection genesis with append.ts (so it is
 * checked by the same rules readers apply), appends it through the transport with prev = 32 zero
 * bytes, and pins both chains from what the server then serves.
 *
 * The identity genesis itself is made at account set-up with shared/chains/append.ts
 * `createIdentityGenesis` and sent with the account creation request, outside the sync ports.
 * Refuses: a key that is not 32 bytes (BAD_INPUT), a device not trusted in its own identity chain
 * (UNTRUSTED_WRITER), a collection id already in use here (BAD_INPUT).
 */
import { createCollectionGenesis } from '../../chains/append';
import { deviceTrustedAt, validateIdentityChain } from '../../chains/identity-chain';
import { equalBytes } from '../../crypto/constant-time';
import { keyCommitment } from '../../crypto/key-commitment';
import { VaultError } from '../../protocol/errors';
import { ZERO_HASH } from '../batch';
import { sealCollectionKey } from './collection-key-seal';
import { refreshTrust, saveSession, type SyncSession } from './session';

/** Append the genesis of the session's collection, sealing `key` to this person, and pin it. */
export async function createPersonal(session: SyncSession, key: Uint8Array): Promise<void> {
  if (session.state.chains.collection.length > 0) throw new VaultError('BAD_INPUT', `collection ${session.state.collection} already exists here`);
  const { transport, keys, env } = session.ports;
  const page = await transport.identityChain(keys.identity, 0);
  const identity = validateIdentityChain(page.entries, keys.identity);
  const at = identity.length - 1;
  if (deviceTrustedAt(identity, keys.device, at) === undefined) throw new VaultError('UNTRUSTED_WRITER', 'this device is not trusted in its identity chain');
  const { generation, publicKey } = identity.userKey;
  const sealed = await sealCollectionKey(publicKey, key, { collection: session.collection, epoch: 0, recipient: keys.identity, generation, granter: keys.identity });
  const genesis = createCollectionGenesis(
    session.collection,
    { identity: keys.identity, deviceId: keys.device, seed: keys.seed, at },
    { owner: keys.identity, commitment: keyCommitment(key), seals: [{ identity: keys.identity, generation, sealed }] },
    (id) => (equalBytes(id, keys.identity) ? identity : undefined),
    Math.max(0, Math.floor(env.now())),
  );
  await transport.appendCollectionEntry(session.collection, genesis.bytes, ZERO_HASH);
  await refreshTrust(session);
  await saveSession(session);
}
