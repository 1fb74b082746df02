/**
 * Test support for collection chains on a real server: people with real identity chains
 * (shared/chains test fixtures) enrolled as accounts and signed in, collections created by a signed
 * genesis, and chain entries appended over HTTPS, as a client would (crypto never mocked).
 */
import { createCollectionGenesis } from '../../shared/chains/append';
import type { IdentityResolver } from '../../shared/chains/collection-chain';
import { GENESIS_PREV } from '../../shared/chains/entry';
import { TestIdentity, opaqueSeal, type TestDevice } from '../../shared/chains/test-fixtures';
import { equalBytes } from '../../shared/crypto/constant-time';
import { keyCommitment } from '../../shared/crypto/key-commitment';
import { toBase64url } from '../../shared/crypto/base64url';
import { randomBytes } from '../../shared/crypto/random';
import { collectionChainPath } from '../../shared/protocol/api/collection-chain';
import type { HttpsResponse } from './https-request';
import { createAccountOn, postJson, signIn, type ServerAddress, type TestAccount } from './sync-client';

export interface Person {
  readonly identity: TestIdentity;
  readonly account: TestAccount;
  readonly token: string;
}

export function asAccount(identity: TestIdentity, device: TestDevice = identity.first): TestAccount {
  return { accountId: identity.id, deviceId: device.deviceId, signing: device.signing, genesis: identity.entries[0] as Uint8Array };
}

/** Creates the identity's account (from its genesis) and signs its first device in. */
export async function enroll(server: ServerAddress, identity: TestIdentity = new TestIdentity()): Promise<Person> {
  const account = asAccount(identity);
  const created = await createAccountOn(server, account);
  if (created.status !== 201) throw new Error(`account creation failed with ${created.status}: ${created.text}`);
  return { identity, account, token: await signIn(server, account) };
}

/** A resolver over the given people's current identity states. */
export function resolverOf(people: readonly TestIdentity[]): IdentityResolver {
  return (id) => people.find((person) => equalBytes(person.id, id))?.state;
}

export function postChainEntry(server: ServerAddress, token: string, collection: Uint8Array, entry: Uint8Array, prev: Uint8Array): Promise<HttpsResponse> {
  return postJson(server, collectionChainPath(toBase64url(collection)), { entry: toBase64url(entry), prev: toBase64url(prev) }, { token });
}

/** A signed collection genesis owned by `owner` (not sent). */
export function collectionGenesis(owner: TestIdentity, collection: Uint8Array = randomBytes(16)) {
  const seal = { identity: owner.id, generation: owner.state.userKey.generation, sealed: opaqueSeal() };
  return createCollectionGenesis(
    collection,
    owner.collectionSigner(owner.first),
    { owner: owner.id, commitment: keyCommitment(randomBytes(32)), seals: [seal] },
    resolverOf([owner]),
  );
}

/** Creates a collection owned by `owner` on the server; returns its id in base64url. */
export async function createCollectionOn(server: ServerAddress, owner: Person): Promise<string> {
  const collection = randomBytes(16);
  const genesis = collectionGenesis(owner.identity, collection);
  const res = await postChainEntry(server, owner.token, collection, genesis.bytes, GENESIS_PREV);
  if (res.status !== 200) throw new Error(`collection genesis failed with ${res.status}: ${res.text}`);
  return toBase64url(collection);
}
