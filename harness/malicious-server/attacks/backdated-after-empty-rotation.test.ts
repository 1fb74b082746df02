/**
 * Attack: after B is revoked and A rotated, the server slips into the log a batch B signed at the
 * old epoch, referencing the chains as they were before the revocation, in a collection with NO
 * live item (nothing to re-encrypt, so no data batch of the new epoch). DESIGN.md §5: "between
 * revoke and rotate the old epoch is read-only". The rotation always writes one signed batch of the
 * new epoch (shared/sync/engine/epoch-marker.ts), so the log references the positions after the
 * revocation and the rotate-key, and the backdated batch is UNTRUSTED_WRITER for every reader;
 * the reader's vault is unchanged.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { decodeBatch } from '../../../shared/sync/batch';
import { revokeDevice } from '../../../shared/devices/revoke-device';
import { rotateAfterRevoke } from '../../../shared/devices/rotate-after-revoke';
import { describeOnDatabases } from '../../../server/testing/on-databases';
import { EMPTY_STATE, remove } from '../../../shared/sync/item-merge';
import { createPerson, DeviceLab, expectOk, liveItemsOf, type NodeDevice, type Person, vaultSnapshot, writeItem } from '../../devices/device-lab';
import { pairDevice } from '../../devices/pairing-flow';
import { readLog, rewriteLog } from '../tamper';

const credentials = (d: NodeDevice) => ({ identity: d.identity, device: d.deviceId, seed: d.seed, x25519Private: d.x25519Private, deviceId: d.deviceId });

describeOnDatabases('malicious server: a backdated batch at the old epoch of a collection with no live item', (suite) => {
  let lab: DeviceLab;
  let person: Person;
  let b: NodeDevice;
  let c: NodeDevice;
  beforeEach(async () => {
    lab = new DeviceLab(suite.server());
    person = await createPerson(lab);
    b = await pairDevice(lab, person, 'B');
    c = await pairDevice(lab, person, 'C');
    const { a, collection, firstItem } = person;
    const stamp = await a.engine.stamp(collection);
    const deleted = remove(a.replica.state(collection, firstItem) ?? EMPTY_STATE, stamp);
    a.replica.applyLocal(collection, firstItem, deleted);
    await a.engine.recordChanges(collection, [{ itemId: firstItem, delta: deleted }]);
    for (const device of [a, b, c]) expectOk(await device.engine.sync(collection), device.name);
    expect(await liveItemsOf(a)(collection)).toEqual([]);
  });
  afterEach(() => lab.close());

  it('the rotation writes one empty batch of the new epoch, and the backdated batch is UNTRUSTED_WRITER', async () => {
    const { a, collection } = person;
    await writeItem(b, collection, { title: 'Signed by B while trusted, held back by the server' });
    const backdated = (await b.store.load(collection))?.outbox[0]?.bytes ?? expect.fail('nothing in B outbox');
    expect(decodeBatch(backdated).fields.epoch).toBe(0);

    await revokeDevice(a.transport, credentials(a), b.deviceId);
    const report = await rotateAfterRevoke({ transport: a.transport, engine: a.engine, keys: a.keys, device: credentials(a), liveItems: liveItemsOf(a) }, [collection]);
    expect(report).toMatchObject({ rotated: [{ collection, epoch: 1 }], reencrypted: 0 });

    const honest = await readLog(suite.database(), hexToBytes(collection));
    const marker = decodeBatch(honest[honest.length - 1]?.bytes ?? expect.fail('empty log'));
    expect({ epoch: marker.fields.epoch, records: marker.fields.records.length }).toEqual({ epoch: 1, records: 0 });

    await rewriteLog(suite.database(), hexToBytes(collection), [...honest.map((row) => row.bytes), backdated]);
    const before = vaultSnapshot(c);
    const caught = await c.engine.sync(collection);
    expect({ status: caught.status, state: caught.state }).toEqual({ status: 'frozen', state: 'UNTRUSTED_WRITER' });
    expect(vaultSnapshot(c)).toBe(before);
    const byA = await a.engine.sync(collection);
    expect({ status: byA.status, state: byA.state }).toEqual({ status: 'frozen', state: 'UNTRUSTED_WRITER' });
  });
});
