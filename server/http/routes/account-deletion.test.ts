/**
 * `DELETE /v1/accounts/:id` on a real server, SQLite and PostgreSQL: only the account's own device,
 * only with a fresh challenge signed for deletion on this server; afterwards no row of any table
 * mentions the account, its devices or the collections it alone had (every column of every table
 * scanned for their bytes), while another account's data is untouched and the deleted genesis can
 * be registered anew.
 */
import { expect, it } from 'vitest';
import { deviceSigner, TestIdentity } from '../../../shared/chains/test-fixtures';
import { toBase64url } from '../../../shared/crypto/base64url';
import { sign } from '../../../shared/crypto/ed25519';
import { randomBytes } from '../../../shared/crypto/random';
import { accountPath, deleteAccountMessage } from '../../../shared/protocol/api/account-deletion';
import { AUTH_CHALLENGE_PATH, authMessage, challengeResponseSchema } from '../../../shared/protocol/api/auth';
import { errorBodySchema } from '../../../shared/protocol/api/error-body';
import { identityChainPath } from '../../../shared/protocol/api/identity-chain';
import { deleteAccount, fetchAccountData } from '../../../shared/protocol/client/account-data';
import { deviceBucket } from '../rate-limits';
import { bucketHash } from '../../db/rate-limit';
import { setAccountFrozen } from '../../db/freeze';
import type { RunningServer } from '../../start-server';
import { credentialsOf, pendingChallenge, pushBatches, putHeartbeat, useTrustingFetch } from '../../testing/account-activity';
import { asAccount, createCollectionOn, enroll, type Person } from '../../testing/collection-client';
import { httpsRequest } from '../../testing/https-request';
import { describeOnDatabases } from '../../testing/on-databases';
import { rowsMentioning } from '../../testing/row-scan';
import { createAccountOn, getJson, postJson, signIn } from '../../testing/sync-client';

const fetchFor = useTrustingFetch();

/** node:https sends a DELETE body with neither length nor chunking unless told its length. */
function sendDelete(server: RunningServer, person: Person, body: unknown, token = person.token) {
  const text = JSON.stringify(body);
  return httpsRequest({
    url: server.url + accountPath(toBase64url(person.identity.id)),
    ca: server.certPem,
    method: 'DELETE',
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), authorization: `Bearer ${token}` },
    body: text,
  });
}

async function challengeFor(server: RunningServer, identity: TestIdentity, device = identity.first): Promise<Uint8Array> {
  const res = await postJson(server, AUTH_CHALLENGE_PATH, { account: toBase64url(identity.id), device: toBase64url(device.deviceId) });
  const { nonce } = challengeResponseSchema.parse(res.json());
  return Uint8Array.from(Buffer.from(nonce, 'base64url'));
}

function deletionBody(server: RunningServer, identity: TestIdentity, nonce: Uint8Array, origin = server.url) {
  const message = deleteAccountMessage({ origin, account: identity.id, device: identity.first.deviceId, nonce });
  return { nonce: toBase64url(nonce), signature: toBase64url(sign('auth/v1', identity.first.signing.seed, message)) };
}

/** A person with two devices, two collections with batches, heartbeats and a pending challenge. */
async function busyPerson(server: RunningServer) {
  const person = await enroll(server);
  const identity = person.identity;
  const prev = identity.state.head;
  const second = identity.addDevice(deviceSigner(identity.first));
  const added = await postJson(server, identityChainPath(toBase64url(identity.id)), { entry: toBase64url(identity.entries[1] as Uint8Array), prev: toBase64url(prev) }, { token: person.token });
  expect(added.status).toBe(200);
  const secondToken = await signIn(server, asAccount(identity, second));
  const collections = [await createCollectionOn(server, person), await createCollectionOn(server, person)];
  await pushBatches(server, identity, identity.first, person.token, collections[0] as string, 2);
  await pushBatches(server, identity, second, secondToken, collections[1] as string, 1);
  await putHeartbeat(server, identity, identity.first, person.token, collections);
  await putHeartbeat(server, identity, second, secondToken, collections);
  await pendingChallenge(server, identity, second);
  return { person, second, secondToken, collections };
}

describeOnDatabases('account deletion', ({ server, database }) => {
  it('removes every row that mentions the account, its devices or its collections, and nothing of others', async () => {
    const { person, second, secondToken, collections } = await busyPerson(server());
    const other = await busyPerson(server());
    const identity = person.identity;

    const summary = await deleteAccount({ server: server().url, fetch: fetchFor(server()), device: credentialsOf(identity) });
    expect(summary).toEqual({
      deleted: { devices: 2, collections: 2, batches: 3, chainEntries: 2, heartbeats: 2, sessions: expect.any(Number) },
      leftSharedCollections: 0,
      identityChainKept: false,
    });
    expect(summary.deleted.sessions).toBeGreaterThanOrEqual(3);

    const buckets = [identity.first, second].map((device) => bucketHash(deviceBucket(identity.id, device.deviceId)));
    const needles = { bytes: [identity.id, identity.first.deviceId, second.deviceId, ...collections.map((c) => Buffer.from(c, 'base64url'))], text: buckets };
    expect(await rowsMentioning(database(), needles)).toEqual([]);

    // Its sessions ended with it; the other person's data is whole and still served.
    expect((await getJson(server(), identityChainPath(toBase64url(identity.id)), { token: secondToken })).status).toBe(401);
    await expect(signIn(server(), person.account)).rejects.toThrow(/401/);
    const theirs = await fetchAccountData({ server: server().url, fetch: fetchFor(server()), device: credentialsOf(other.person.identity) });
    expect(theirs.devices).toHaveLength(2);
    expect(theirs.collections.map((c) => [c.batches, c.role])).toEqual(expect.arrayContaining([[2, 'owner'], [1, 'owner']]));
    expect(theirs.heartbeats).toHaveLength(2);

    // The server forgot the account entirely: its genesis registers again.
    expect((await createAccountOn(server(), person.account)).status).toBe(201);
  });

  it('asks for a fresh deletion signature by the session device on this server', async () => {
    const person = await enroll(server());
    const identity = person.identity;
    const code = (res: { json(): unknown }) => errorBodySchema.parse(res.json()).error.code;

    const signInNonce = await challengeFor(server(), identity);
    const signInSignature = sign('auth/v1', identity.first.signing.seed, authMessage({ origin: server().url, account: identity.id, device: identity.first.deviceId, nonce: signInNonce }));
    const replayed = await sendDelete(server(), person, { nonce: toBase64url(signInNonce), signature: toBase64url(signInSignature) });
    expect([replayed.status, code(replayed)]).toEqual([400, 'BAD_SIGNATURE']);
    // That nonce is spent, even with a right signature now.
    expect((await sendDelete(server(), person, deletionBody(server(), identity, signInNonce))).status).toBe(400);
    const elsewhere = await sendDelete(server(), person, deletionBody(server(), identity, await challengeFor(server(), identity), 'https://other.example'));
    expect([elsewhere.status, code(elsewhere)]).toEqual([400, 'BAD_SIGNATURE']);
    const neverIssued = await sendDelete(server(), person, deletionBody(server(), identity, randomBytes(32)));
    expect(neverIssued.status).toBe(400);
    const malformed = await sendDelete(server(), person, { nonce: 'x' });
    expect([malformed.status, code(malformed)]).toEqual([400, 'BAD_INPUT']);

    const stranger = await enroll(server());
    const foreign = await sendDelete(server(), person, deletionBody(server(), identity, await challengeFor(server(), identity)), stranger.token);
    expect([foreign.status, code(foreign)]).toEqual([403, 'FORBIDDEN_SENDER']);
    const anonymous = await sendDelete(server(), person, deletionBody(server(), identity, await challengeFor(server(), identity)), toBase64url(randomBytes(32)));
    expect(anonymous.status).toBe(401);

    await setAccountFrozen(database().db, identity.id, true, Date.now());
    const frozen = await sendDelete(server(), person, deletionBody(server(), identity, await challengeFor(server(), identity)));
    expect([frozen.status, code(frozen)]).toEqual([403, 'FROZEN']);
    await setAccountFrozen(database().db, identity.id, false, Date.now());

    expect((await getJson(server(), identityChainPath(toBase64url(identity.id)), { token: person.token })).status).toBe(200);
    const done = await sendDelete(server(), person, deletionBody(server(), identity, await challengeFor(server(), identity)));
    expect(done.status).toBe(200);
    expect((await getJson(server(), identityChainPath(toBase64url(identity.id)), { token: stranger.token })).status).toBe(404);
  });

  it("ends the deleting device's own session with the account", async () => {
    const identity = new TestIdentity();
    const person = await enroll(server(), identity);
    await deleteAccount({ server: server().url, fetch: fetchFor(server()), device: credentialsOf(identity) });
    expect((await getJson(server(), identityChainPath(toBase64url(identity.id)), { token: person.token })).status).toBe(401);
  });
});
