/**
 * The revoked device is told, and a lying server cannot make a device wipe its vault
 * (docs/decisions/009-revoked-device-told-and-wiped.md), over the real server (SQLite, and PostgreSQL with
 * TEST_DATABASE_URL): after A revokes B, B's sign-in is refused with the generic 401; B proves it
 * holds its device key ("removal/v1"), is served its identity chain from its pinned position,
 * verifies it from its pin and finds the revoke-device entry signed by A, with the time it claims.
 * A server that refuses B without a revoke entry, or forges one, or serves another chain, gives
 * no notice. The route refuses a signature under another context, a reused nonce, an unknown device
 * and a position beyond the chain with the same 401 as a refused sign-in.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { signEntry } from '../../shared/chains/entry';
import { toBase64url } from '../../shared/crypto/base64url';
import { generateSigningKeyPair, sign, signingKeyPairFromSeed } from '../../shared/crypto/ed25519';
import { randomBytes } from '../../shared/crypto/random';
import { revokeDevice } from '../../shared/devices/revoke-device';
import { confirmRemoval } from '../../shared/devices/removal-notice';
import { AUTH_CHALLENGE_PATH, authMessage, challengeResponseSchema } from '../../shared/protocol/api/auth';
import { errorBodySchema } from '../../shared/protocol/api/error-body';
import { REMOVAL_PATH, removalMessage } from '../../shared/protocol/api/removal';
import { fetchChainAfterRefusal } from '../../shared/protocol/client/removal-check';
import { keyFingerprint } from '../../shared/protocol/key-fingerprint';
import { revokeDevice as markRevokedOnServer } from '../../server/db/accounts';
import { describeOnDatabases } from '../../server/testing/on-databases';
import { postJson } from '../../server/testing/sync-client';
import { forceChainEntry } from '../malicious-server/tamper';
import { createPerson, DeviceLab, type NodeDevice, type Person, servedIdentity } from './device-lab';
import { pairDevice } from './pairing-flow';

const credentials = (d: NodeDevice) => ({ identity: d.identity, device: d.deviceId, seed: d.seed });

describeOnDatabases('the removal check of a refused device', (suite) => {
  let lab: DeviceLab;
  let person: Person;
  let b: NodeDevice;
  beforeEach(async () => {
    lab = new DeviceLab(suite.server());
    person = await createPerson(lab);
    b = await pairDevice(lab, person, 'B');
  });
  afterEach(() => lab.close());

  /** B's pinned identity chain (the exact bytes its engine stored) and B's check against the server. */
  async function checkAsB() {
    const state = (await b.store.load(person.collection)) ?? expect.fail('B never synced');
    const pinned = state.chains.identities[bytesToHex(b.identity)] ?? expect.fail('B pinned no identity chain');
    const fetchFrom = (from: number) => fetchChainAfterRefusal({ server: lab.server.url, fetch: lab.fetch }, credentials(b), from);
    return confirmRemoval(fetchFrom, b.identity, pinned, b.deviceId);
  }

  it('after A revokes B, B is refused with the generic error and finds the revocation signed by A, with its claimed time', async () => {
    const claimed = Date.UTC(2026, 10, 25, 12, 0, 0);
    await revokeDevice(person.a.transport, { identity: person.a.identity, device: person.a.deviceId, seed: person.a.seed }, b.deviceId, () => claimed);
    await expect(b.engine.sync(person.collection)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const notice = await checkAsB();
    expect(notice).toEqual({
      by: { kind: 'device', device: person.a.deviceId, fingerprint: keyFingerprint(signingKeyPairFromSeed(person.a.seed).publicKey) },
      claimedAt: claimed,
      seq: (await servedIdentity(person.a)).state.length - 1,
    });
  });

  it('a trusted device is served its chain too, and finds no revocation', async () => {
    expect(await checkAsB()).toBeNull();
  });

  it('a server that refuses B without a revoke entry gives no notice', async () => {
    await markRevokedOnServer(suite.database().db, person.identity, b.deviceId);
    await expect(b.engine.sync(person.collection)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await checkAsB()).toBeNull();
  });

  it.each([
    ['an unknown device', () => randomBytes(16)],
    ["A's device id, with a key that is not A's", () => person.a.deviceId],
  ])('a revoke entry forged by the server, signed as %s, gives no notice', async (_label, author) => {
    const { state } = await servedIdentity(person.a);
    const forged = signEntry(
      { chain: 'identity', chainId: person.identity, seq: state.length, prev: state.head, author: { by: 'device', identity: person.identity, id: author() }, time: Date.now(), op: 'revoke-device', args: { deviceId: b.deviceId } },
      generateSigningKeyPair().seed,
    );
    await forceChainEntry(suite.database(), 'identity', person.identity, forged);
    await markRevokedOnServer(suite.database().db, person.identity, b.deviceId);
    await expect(b.engine.sync(person.collection)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await checkAsB()).toBeNull();
  });

  it('refuses, with the same 401 as a refused sign-in, another context, a reused nonce, an unknown device and a position beyond the chain', async () => {
    const server = suite.server();
    const ids = { account: toBase64url(b.identity), device: toBase64url(b.deviceId) };
    const nonce = async (device = ids.device) => challengeResponseSchema.parse((await postJson(server, AUTH_CHALLENGE_PATH, { ...ids, device })).json()).nonce;
    const origin = new URL(server.url).origin;
    const message = (n: string, from: number, device = b.deviceId) => ({ origin, account: b.identity, device, nonce: Buffer.from(n, 'base64url'), from });
    const refusedAs = async (body: unknown) => {
      const res = await postJson(server, REMOVAL_PATH, body);
      return [res.status, errorBodySchema.parse(res.json()).error];
    };
    const generic = [401, { code: 'UNAUTHORIZED', message: expect.any(String) }];

    const n1 = await nonce();
    const asSignIn = sign('auth/v1', b.seed, authMessage(message(n1, 0)));
    expect(await refusedAs({ ...ids, nonce: n1, from: 0, signature: toBase64url(asSignIn) })).toEqual(generic);

    const n2 = await nonce();
    const good = { ...ids, nonce: n2, from: 0, signature: toBase64url(sign('removal/v1', b.seed, removalMessage(message(n2, 0)))) };
    expect((await postJson(server, REMOVAL_PATH, good)).status).toBe(200);
    expect(await refusedAs(good)).toEqual(generic);

    const stranger = randomBytes(16);
    const n3 = await nonce(toBase64url(stranger));
    expect(await refusedAs({ ...ids, device: toBase64url(stranger), nonce: n3, from: 0, signature: toBase64url(sign('removal/v1', b.seed, removalMessage(message(n3, 0, stranger)))) })).toEqual(generic);

    const n4 = await nonce();
    expect(await refusedAs({ ...ids, nonce: n4, from: 99, signature: toBase64url(sign('removal/v1', b.seed, removalMessage(message(n4, 99)))) })).toEqual(generic);
    expect((await postJson(server, REMOVAL_PATH, { ...good, extra: 1 })).status).toBe(400);
  });
});
