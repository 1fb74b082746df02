/**
 * Accounts for the sync benchmarks, as a client makes them: a first device with real Ed25519 and
 * X25519 keys signs its identity-chain genesis (shared/chains/append.ts); the server registers it
 * (`POST /v1/accounts`) and the device signs in by challenge and session (`auth/v1`). Each account
 * owns one collection (its personal vault) with a collection key of epoch 0, created by its
 * collection-chain genesis (`POST /v1/collections/:id/chain`; the seal of the key to the owner's user
 * key is 80 opaque bytes, which the server cannot tell from an HPKE box). The same account can
 * be registered on several fresh servers: its genesis bytes and its pre-signed batches do not
 * depend on the server.
 */
import { createCollectionGenesis, createIdentityGenesis } from '../../shared/chains/append';
import { SEAL_LENGTH } from '../../shared/chains/entry';
import { fromBase64url, toBase64url } from '../../shared/crypto/base64url';
import { equalBytes } from '../../shared/crypto/constant-time';
import { generateSigningKeyPair, sign } from '../../shared/crypto/ed25519';
import { randomBytes } from '../../shared/crypto/random';
import { keyCommitment } from '../../shared/crypto/key-commitment';
import { generateX25519KeyPair } from '../../shared/crypto/x25519';
import { ZERO_HASH } from '../../shared/sync/batch';
import { ACCOUNTS_PATH } from '../../shared/protocol/api/accounts';
import { collectionChainPath } from '../../shared/protocol/api/collection-chain';
import { AUTH_CHALLENGE_PATH, AUTH_SESSION_PATH, authMessage, challengeResponseSchema, sessionResponseSchema } from '../../shared/protocol/api/auth';
import type { BenchClient } from './https-client';
import { freshCursor, newBenchDevice, type BenchDevice, type DeviceCursor } from './vault-fixture';

export interface BenchAccount {
  readonly device: BenchDevice;
  /** The identity-chain genesis; its hash is the account (identity) id. */
  readonly genesis: Uint8Array;
  /** The collection-chain genesis of its personal collection. */
  readonly collectionGenesis: Uint8Array;
  readonly cursor: DeviceCursor;
}

export function newBenchAccount(): BenchAccount {
  const deviceId = randomBytes(16);
  const signing = generateSigningKeyPair();
  const genesis = createIdentityGenesis({ deviceId, seed: signing.seed, x25519Key: generateX25519KeyPair().publicKey }, generateX25519KeyPair().publicKey);
  const device = newBenchDevice({ identity: genesis.hash, device: deviceId, seed: signing.seed, publicKey: signing.publicKey });
  const collection = createCollectionGenesis(
    device.collection,
    { identity: genesis.hash, deviceId, seed: signing.seed, at: 0 },
    { owner: genesis.hash, commitment: keyCommitment(device.key), seals: [{ identity: genesis.hash, generation: 0, sealed: randomBytes(SEAL_LENGTH) }] },
    (id) => (equalBytes(id, genesis.hash) ? genesis.state : undefined),
  );
  const chains = { identity: { seq: 0, head: genesis.hash }, collection: { seq: 0, head: collection.hash } };
  return { device, genesis: genesis.bytes, collectionGenesis: collection.bytes, cursor: freshCursor(chains) };
}

/** Register the account on the server behind `client`, sign in, create its collection; the token. */
export async function registerAccount(client: BenchClient, account: BenchAccount): Promise<string> {
  await client.json({ method: 'POST', path: ACCOUNTS_PATH, body: JSON.stringify({ genesis: toBase64url(account.genesis) }) }, 201);
  const token = await signIn(client, account);
  const path = collectionChainPath(toBase64url(account.device.collection));
  await client.json({ method: 'POST', path, token, body: JSON.stringify({ entry: toBase64url(account.collectionGenesis), prev: toBase64url(ZERO_HASH) }) });
  return token;
}

/** Challenge, then a signed session request; the bearer token. */
export function signIn(client: BenchClient, account: BenchAccount): Promise<string> {
  return signInDevice(client, account.device);
}

/** Sign in as `device` of `identity`: challenge, then the `auth/v1` signature; the bearer token. */
export async function signInDevice(client: BenchClient, signer: { identity: Uint8Array; device: Uint8Array; seed: Uint8Array }): Promise<string> {
  const { identity, device, seed } = signer;
  const ids = { account: toBase64url(identity), device: toBase64url(device) };
  const challenge = challengeResponseSchema.parse(await client.json({ method: 'POST', path: AUTH_CHALLENGE_PATH, body: JSON.stringify(ids) }));
  const message = authMessage({ origin: client.url, account: identity, device, nonce: fromBase64url(challenge.nonce) });
  const signature = toBase64url(sign('auth/v1', seed, message));
  const session = await client.json({ method: 'POST', path: AUTH_SESSION_PATH, body: JSON.stringify({ ...ids, nonce: challenge.nonce, signature }) });
  return sessionResponseSchema.parse(session).token;
}
