/**
 * Revocation end to end in Node, over the real server (SQLite, and PostgreSQL with TEST_DATABASE_URL):
 * A (with a recovery kit) paired B and C; A revokes B through its transport. B's next request is
 * refused (UNAUTHORIZED). A rotates: a new user-key generation sealed to A, C and the recovery key
 * only, a new epoch of the personal collection sealed to it, every live item re-encrypted under the
 * new epoch; running it again appends nothing. A new item on A does not open with B's old key
 * material; C learns the new keys from the chains and reads it. A batch signed by B and slipped into
 * the log by the server is refused as UNTRUSTED_WRITER, whether backdated to a position where B was
 * trusted or made at the current one, and the reader's vault is unchanged.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { decodeEntry } from '../../shared/chains/entry';
import { equalBytes } from '../../shared/crypto/constant-time';
import { openEpochKeys } from '../../shared/devices/collection-keys';
import { learnKeys } from '../../shared/devices/learn-keys';
import { revokeDevice } from '../../shared/devices/revoke-device';
import { rotateAfterRevoke, type RotationPorts } from '../../shared/devices/rotate-after-revoke';
import { openUserKeysForDevice } from '../../shared/devices/user-keys';
import { hexToBytes } from '@noble/hashes/utils.js';
import { decodeBatch, signBatch } from '../../shared/sync/batch';
import { openBatchRecords } from '../../shared/sync/open-batch';
import { describeOnDatabases } from '../../server/testing/on-databases';
import { readLog, rewriteLog } from '../malicious-server/tamper';
import {
  createPerson,
  DeviceLab,
  expectOk,
  liveItemsOf,
  type NodeDevice,
  type Person,
  servedIdentity,
  setRecoveryKit,
  valuesOf,
  vaultSnapshot,
  writeItem,
} from './device-lab';
import { pairDevice } from './pairing-flow';

const credentials = (d: NodeDevice) => ({ identity: d.identity, device: d.deviceId, seed: d.seed, x25519Private: d.x25519Private, deviceId: d.deviceId });

function rotationPorts(a: NodeDevice): RotationPorts {
  return { transport: a.transport, engine: a.engine, keys: a.keys, device: credentials(a), liveItems: liveItemsOf(a) };
}

async function expectRefusedAsUntrusted(device: NodeDevice, collection: string): Promise<void> {
  const before = vaultSnapshot(device);
  const report = await device.engine.sync(collection);
  expect({ status: report.status, state: report.state, pulled: report.pulled }).toEqual({ status: 'frozen', state: 'UNTRUSTED_WRITER', pulled: 0 });
  expect(vaultSnapshot(device)).toBe(before);
}

describeOnDatabases('revoking a device, end to end', (suite) => {
  let lab: DeviceLab;
  let person: Person;
  let b: NodeDevice;
  let c: NodeDevice;
  beforeEach(async () => {
    lab = new DeviceLab(suite.server());
    person = await createPerson(lab);
    await setRecoveryKit(person.a);
    b = await pairDevice(lab, person, 'B');
    c = await pairDevice(lab, person, 'C');
    for (const device of [person.a, b, c]) expectOk(await device.engine.sync(person.collection), device.name);
  });
  afterEach(() => lab.close());

  it("refuses B at once, rotates keys and epochs away from B, and a new item does not open with B's old keys", async () => {
    const { a, collection, identity } = person;
    const bOldEpochKey = b.keys.epochKey(collection, 0) ?? expect.fail('B holds no key');
    await revokeDevice(a.transport, credentials(a), b.deviceId);
    await expect(b.engine.sync(collection)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(b.transport.identityChain(identity, 0)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });

    const report = await rotateAfterRevoke(rotationPorts(a), [collection]);
    expect(report).toEqual({ userKeyGeneration: 1, userKeyRotated: true, rotated: [{ collection, epoch: 1 }], reencrypted: 1 });
    expect(await rotateAfterRevoke(rotationPorts(a), [collection])).toEqual({ userKeyGeneration: 1, userKeyRotated: false, rotated: [], reencrypted: 0 });

    const { entries, state } = await servedIdentity(a);
    const rotation = decodeEntry(entries[entries.length - 1] ?? expect.fail('no entry')).body;
    expect(rotation.op).toBe('rotate-user-key');
    if (rotation.op !== 'rotate-user-key') return;
    const recipients = rotation.args.seals.map((seal) => seal.to + (seal.to === 'device' ? (equalBytes(seal.id, a.deviceId) ? ':A' : equalBytes(seal.id, c.deviceId) ? ':C' : ':?') : ''));
    expect(recipients.sort()).toEqual(['device:A', 'device:C', 'recovery']);

    const newItem = await writeItem(a, collection, { title: 'Written after revoking B', password: 'B must not read this' });
    expectOk(await a.engine.sync(collection), 'A');
    const log = await readLog(suite.database(), hexToBytes(collection));
    const batch = decodeBatch(log[log.length - 1]?.bytes ?? expect.fail('empty log'));
    expect(batch.fields.epoch).toBe(1);
    const withOldKey = openBatchRecords(batch, { identity, collection: hexToBytes(collection), epoch: batch.fields.epoch, key: bOldEpochKey });
    expect(withOldKey.map((r) => r.ok)).toEqual([false]);
    expect(await openUserKeysForDevice(entries, state, { deviceId: b.deviceId, x25519Private: b.x25519Private }).then((keys) => keys.map((k) => k.generation))).toEqual([0]);
    const chain = await a.transport.collectionChain(hexToBytes(collection), 0);
    expect([...(await openEpochKeys(chain.entries, identity, (g) => b.keys.userKey(g))).keys()]).toEqual([0]);

    await learnKeys(c.transport, credentials(c), c.keys, [collection]);
    expect(c.keys.currentEpoch(collection)).toBe(1);
    expectOk(await c.engine.sync(collection), 'C');
    expect(valuesOf(c, collection, newItem)).toEqual({ title: 'Written after revoking B', password: 'B must not read this' });
    expect(valuesOf(c, collection, person.firstItem)).toMatchObject({ title: 'Bank' });
    expectOk(await a.engine.sync(collection), 'A');
    expect(await c.engine.stateCode([collection])).toBe(await a.engine.stateCode([collection]));
  });

  it('refuses a batch signed by B slipped into the log, backdated or made at the current chain position', async () => {
    const { a, collection, identity } = person;
    await writeItem(b, collection, { title: 'Signed by B while still trusted' });
    const backdated = (await b.store.load(collection))?.outbox[0]?.bytes ?? expect.fail('nothing in B outbox');
    await revokeDevice(a.transport, credentials(a), b.deviceId);
    await rotateAfterRevoke(rotationPorts(a), [collection]);
    await learnKeys(c.transport, credentials(c), c.keys, [collection]);
    expectOk(await c.engine.sync(collection), 'C');

    const honest = (await readLog(suite.database(), hexToBytes(collection))).map((row) => row.bytes);
    await rewriteLog(suite.database(), hexToBytes(collection), [...honest, backdated]);
    await expectRefusedAsUntrusted(a, collection);

    const { state } = await servedIdentity(a);
    const chain = await a.transport.collectionChain(hexToBytes(collection), 0);
    const fields = decodeBatch(backdated).fields;
    const current = signBatch(
      {
        ...fields,
        identity,
        chains: { identity: { seq: state.length - 1, head: state.head }, collection: { seq: chain.entries.length - 1, head: chain.head } },
      },
      b.seed,
    ).bytes;
    await rewriteLog(suite.database(), hexToBytes(collection), [...honest, current]);
    await expectRefusedAsUntrusted(c, collection);
  });
});
