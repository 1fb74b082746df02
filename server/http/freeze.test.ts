/**
 * Operator freezes on a real server, SQLite and PostgreSQL: a frozen device gets 403 `FROZEN` on
 * every authenticated endpoint and its hint socket is closed (4001) while the account's other
 * devices go on; a frozen account refuses all its devices; unfreezing restores everything, and the
 * client of shared/protocol/client reports FROZEN rather than a revocation.
 */
import { afterAll, expect, it } from 'vitest';
import { deviceSigner } from '../../shared/chains/test-fixtures';
import { toBase64url } from '../../shared/crypto/base64url';
import { randomBytes } from '../../shared/crypto/random';
import { batchesPath, changesPath } from '../../shared/protocol/api/collections';
import { collectionChainPath } from '../../shared/protocol/api/collection-chain';
import { errorBodySchema } from '../../shared/protocol/api/error-body';
import { accountHeartbeatsPath } from '../../shared/protocol/api/heartbeats';
import { HINT_CLOSE_POLICY, HINT_CLOSE_SESSION_ENDED } from '../../shared/protocol/api/hints';
import { identityChainPath } from '../../shared/protocol/api/identity-chain';
import { HttpTransport } from '../../shared/protocol/client/http-transport';
import { VaultError } from '../../shared/protocol/errors';
import { setAccountFrozen, setDeviceFrozen } from '../db/freeze';
import type { RunningServer } from '../start-server';
import { asAccount, createCollectionOn, enroll, type Person } from '../testing/collection-client';
import { openHintSocket } from '../testing/hint-socket';
import { describeOnDatabases } from '../testing/on-databases';
import { getJson, postJson, signIn } from '../testing/sync-client';
import { trustingFetch, type TrustingFetch } from '../testing/trusting-fetch';

const FROZEN = { error: { code: 'FROZEN', message: 'this account or device is frozen by the server operator' } };
const fetchers: TrustingFetch[] = [];
afterAll(async () => {
  await Promise.all(fetchers.map((f) => f.close()));
});

/** Status and body of a read and a write behind the session. */
async function probe(server: RunningServer, person: Person, token: string, collection: string, counter: number) {
  const read = await getJson(server, identityChainPath(toBase64url(person.identity.id)), { token });
  const body = { batch: toBase64url(randomBytes(32)), device: toBase64url(person.account.deviceId), counter };
  const write = await postJson(server, batchesPath(collection), body, { token });
  return [read.status, write.status];
}

/** A person with two devices, both signed in, and one collection. */
async function twoDevices(server: RunningServer) {
  const person = await enroll(server);
  const prev = person.identity.state.head;
  const second = person.identity.addDevice(deviceSigner(person.identity.first));
  const added = await postJson(server, identityChainPath(toBase64url(person.identity.id)), {
    entry: toBase64url(person.identity.entries[1] as Uint8Array),
    prev: toBase64url(prev),
  }, { token: person.token });
  expect(added.status).toBe(200);
  const secondToken = await signIn(server, asAccount(person.identity, second));
  const collection = await createCollectionOn(server, person);
  return { person, second, secondToken, collection };
}

describeOnDatabases(
  'operator freezes',
  ({ server, database }) => {
    it('refuses every authenticated request of a frozen device with 403 FROZEN until it is unfrozen', async () => {
      const { person, collection, secondToken } = await twoDevices(server());
      const db = database().db;
      const first = { accountId: person.identity.id, deviceId: person.identity.first.deviceId };
      expect(await setDeviceFrozen(db, first, true, Date.now())).toBe('changed');
      expect(await setDeviceFrozen(db, first, true, Date.now())).toBe('unchanged');

      const id = toBase64url(person.identity.id);
      const paths = [identityChainPath(id), accountHeartbeatsPath(id), collectionChainPath(collection), changesPath(collection)];
      for (const path of paths) {
        const res = await getJson(server(), path, { token: person.token });
        expect([res.status, res.json()]).toEqual([403, FROZEN]);
      }
      const write = await postJson(server(), batchesPath(collection), { batch: toBase64url(randomBytes(8)), device: toBase64url(first.deviceId), counter: 1 }, { token: person.token });
      expect([write.status, errorBodySchema.parse(write.json()).error.code]).toEqual([403, 'FROZEN']);
      // A fresh sign-in still works (it proves the key), and its session is refused the same way.
      const again = await signIn(server(), person.account);
      expect((await getJson(server(), identityChainPath(id), { token: again })).status).toBe(403);
      // The account's other device goes on.
      expect((await getJson(server(), identityChainPath(id), { token: secondToken })).status).toBe(200);

      expect(await setDeviceFrozen(db, first, false, Date.now())).toBe('changed');
      expect(await probe(server(), person, person.token, collection, 1)).toEqual([200, 200]);
      const unknown = { accountId: person.identity.id, deviceId: randomBytes(16) };
      expect(await setDeviceFrozen(db, unknown, true, Date.now())).toBe('unknown');
    });

    it('refuses every device of a frozen account, and restores them when it is unfrozen', async () => {
      const { person, collection, secondToken } = await twoDevices(server());
      const db = database().db;
      expect(await setAccountFrozen(db, person.identity.id, true, Date.now())).toBe('changed');
      const id = toBase64url(person.identity.id);
      for (const token of [person.token, secondToken]) {
        const res = await getJson(server(), identityChainPath(id), { token });
        expect([res.status, res.json()]).toEqual([403, FROZEN]);
      }
      expect(await setAccountFrozen(db, person.identity.id, false, Date.now())).toBe('changed');
      expect(await setAccountFrozen(db, person.identity.id, false, Date.now())).toBe('unchanged');
      expect(await probe(server(), person, person.token, collection, 1)).toEqual([200, 200]);
      expect(await setAccountFrozen(db, randomBytes(32), true, Date.now())).toBe('unknown');
    });

    it('closes the hint socket of a frozen device with 4001 and refuses a new one with 1008', async () => {
      const { person } = await twoDevices(server());
      const socket = await openHintSocket(server(), person.token);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await setDeviceFrozen(database().db, { accountId: person.identity.id, deviceId: person.identity.first.deviceId }, true, Date.now());
      expect(await socket.closed).toBe(HINT_CLOSE_SESSION_ENDED);
      const refused = await openHintSocket(server(), person.token);
      expect(await refused.closed).toBe(HINT_CLOSE_POLICY);
    });

    it('makes the shared client report FROZEN, not a revocation', async () => {
      const { person } = await twoDevices(server());
      const trusting = trustingFetch(server().certPem);
      fetchers.push(trusting);
      const device = { identity: person.identity.id, device: person.identity.first.deviceId, seed: person.identity.first.signing.seed };
      const transport = new HttpTransport({ server: server().url, fetch: trusting.fetch, device });
      expect((await transport.identityChain(person.identity.id, 0)).entries).toHaveLength(2);
      await setAccountFrozen(database().db, person.identity.id, true, Date.now());
      const failure = await transport.identityChain(person.identity.id, 0).then(() => undefined, (error: unknown) => error);
      expect(failure).toBeInstanceOf(VaultError);
      expect((failure as VaultError).code).toBe('FROZEN');
    });
  },
  { sessionRecheckMs: 100 },
);
