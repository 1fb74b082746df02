/**
 * `GET /v1/accounts/:id/data` on a real server, SQLite and PostgreSQL, read through the client of
 * shared/protocol/client/account-data.ts: the account's devices (ids, keys, fingerprints, revoked,
 * frozen, the hour last seen), sessions, challenges, heartbeats, rate-limit windows and collections
 * with the size of their chains and logs, with the explanations of this build; only for the
 * account's own sessions.
 */
import { expect, it } from 'vitest';
import { deviceSigner } from '../../../shared/chains/test-fixtures';
import { toBase64url } from '../../../shared/crypto/base64url';
import { ACCOUNT_DATA_EXPLANATIONS, accountDataPath } from '../../../shared/protocol/api/account-data';
import { errorBodySchema } from '../../../shared/protocol/api/error-body';
import { identityChainPath } from '../../../shared/protocol/api/identity-chain';
import { fetchAccountData } from '../../../shared/protocol/client/account-data';
import { keyFingerprint } from '../../../shared/protocol/key-fingerprint';
import { lastSeenHour } from '../../db/device-activity';
import { setDeviceFrozen } from '../../db/freeze';
import { credentialsOf, pendingChallenge, pushBatches, putHeartbeat, useTrustingFetch } from '../../testing/account-activity';
import { asAccount, createCollectionOn, enroll } from '../../testing/collection-client';
import { describeOnDatabases } from '../../testing/on-databases';
import { getJson, postJson, signIn } from '../../testing/sync-client';

const fetchFor = useTrustingFetch();

describeOnDatabases('account data', ({ server, database }) => {
  it('shows everything the server holds about the account, explained', async () => {
    const started = Date.now();
    const person = await enroll(server());
    const identity = person.identity;
    const prev = identity.state.head;
    const second = identity.addDevice(deviceSigner(identity.first));
    await postJson(server(), identityChainPath(toBase64url(identity.id)), { entry: toBase64url(identity.entries[1] as Uint8Array), prev: toBase64url(prev) }, { token: person.token });
    await signIn(server(), asAccount(identity, second));
    const collection = await createCollectionOn(server(), person);
    await pushBatches(server(), identity, identity.first, person.token, collection, 3);
    await putHeartbeat(server(), identity, identity.first, person.token, [collection]);
    await pendingChallenge(server(), identity, second);
    await setDeviceFrozen(database().db, { accountId: identity.id, deviceId: second.deviceId }, true, Date.now());

    const data = await fetchAccountData({ server: server().url, fetch: fetchFor(server()), device: credentialsOf(identity) });
    expect(data.account).toEqual({ id: toBase64url(identity.id), createdAt: expect.any(Number), frozen: false });
    expect(data.account.createdAt).toBeGreaterThanOrEqual(started);
    expect(data.identityChain).toEqual({ entries: 2, bytes: identity.entries.reduce((n, e) => n + e.length, 0), head: toBase64url(identity.state.head) });
    const devices = [identity.first, second].sort((a, b) => Buffer.compare(Buffer.from(a.deviceId), Buffer.from(b.deviceId)));
    expect(data.devices).toEqual(
      devices.map((device) => ({
        id: toBase64url(device.deviceId),
        signingKey: toBase64url(device.signing.publicKey),
        fingerprint: keyFingerprint(device.signing.publicKey),
        revoked: false,
        frozen: device === second,
        lastSeenHour: expect.any(Number),
      })),
    );
    for (const device of data.devices) expect([lastSeenHour(started), lastSeenHour(Date.now())]).toContain(device.lastSeenHour);
    expect(data.sessions.active).toBeGreaterThanOrEqual(3);
    expect(data.challenges.pending).toBeGreaterThanOrEqual(1);
    expect(data.heartbeats).toEqual([{ device: toBase64url(identity.first.deviceId), time: expect.any(Number), bytes: expect.any(Number) }]);
    expect(data.collections).toEqual([
      { id: collection, role: 'owner', createdByYou: true, members: 1, chainEntries: 1, chainBytes: expect.any(Number), batches: 3, logBytes: 3 * (32 + 16 + 48), batchesByYourDevices: 3 },
    ]);
    expect(data.rateLimits.map((window) => window.device)).toContain(toBase64url(identity.first.deviceId));
    expect(data.explanations).toEqual(ACCOUNT_DATA_EXPLANATIONS);
  });

  it("refuses another account's data with 403 and an unauthenticated read with 401", async () => {
    const [alice, bob] = [await enroll(server()), await enroll(server())];
    const res = await getJson(server(), accountDataPath(toBase64url(alice.identity.id)), { token: bob.token });
    expect([res.status, errorBodySchema.parse(res.json()).error.code]).toEqual([403, 'FORBIDDEN_SENDER']);
    expect((await getJson(server(), accountDataPath(toBase64url(alice.identity.id)))).status).toBe(401);
    expect((await getJson(server(), accountDataPath('not-an-id'), { token: alice.token })).status).toBe(400);
  });
});
