/**
 * Records of an epoch whose key a device learns later (docs/sync-engine.md decision 15): A revokes
 * B and rotates; C syncs before it learned the new epoch key, so A's new item is quarantined as
 * BAD_RECORD (sync goes on). Once C learns the key from the chains (learnKeys), its next sync opens
 * the quarantined records again, from the exact bytes its pinned log holds, and the item appears;
 * the quarantine is empty. A server that serves other bytes at that seq is FORK, and nothing of them
 * applies. Real server (SQLite, and PostgreSQL with TEST_DATABASE_URL).
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { learnKeys } from '../../shared/devices/learn-keys';
import { revokeDevice } from '../../shared/devices/revoke-device';
import { rotateAfterRevoke } from '../../shared/devices/rotate-after-revoke';
import { describeOnDatabases } from '../../server/testing/on-databases';
import { readLog, resign, rewriteLog } from '../malicious-server/tamper';
import { createPerson, DeviceLab, expectOk, liveItemsOf, type NodeDevice, type Person, valuesOf, vaultSnapshot, writeItem } from './device-lab';
import { pairDevice } from './pairing-flow';

const credentials = (d: NodeDevice) => ({ identity: d.identity, device: d.deviceId, seed: d.seed, x25519Private: d.x25519Private, deviceId: d.deviceId });

describeOnDatabases('quarantined records are retried when their epoch key is learned', (suite) => {
  let lab: DeviceLab;
  let person: Person;
  let c: NodeDevice;
  let newItem: string;
  beforeEach(async () => {
    lab = new DeviceLab(suite.server());
    person = await createPerson(lab);
    const b = await pairDevice(lab, person, 'B');
    c = await pairDevice(lab, person, 'C');
    const { a, collection } = person;
    await revokeDevice(a.transport, credentials(a), b.deviceId);
    await rotateAfterRevoke({ transport: a.transport, engine: a.engine, keys: a.keys, device: credentials(a), liveItems: liveItemsOf(a) }, [collection]);
    newItem = await writeItem(a, collection, { title: 'Written after the rotation' });
    expectOk(await a.engine.sync(collection), 'A');
    const early = expectOk(await c.engine.sync(collection), 'C');
    expect(early.quarantined).toBeGreaterThan(0);
    expect(valuesOf(c, collection, newItem)).toBeUndefined();
  });
  afterEach(() => lab.close());

  it('opens them on the next sync once the key is held, and empties the quarantine', async () => {
    const { collection } = person;
    await learnKeys(c.transport, credentials(c), c.keys, [collection]);
    const report = expectOk(await c.engine.sync(collection), 'C');
    expect(report.quarantined).toBe(0);
    expect(valuesOf(c, collection, newItem)).toEqual({ title: 'Written after the rotation' });
    expect((await c.engine.status(collection)).quarantined).toBe(0);
  });

  it('refuses other bytes served at a quarantined seq (FORK) and applies nothing', async () => {
    const { collection } = person;
    const quarantined = (await c.store.load(collection))?.quarantine[0] ?? expect.fail('nothing quarantined');
    const log = await readLog(suite.database(), hexToBytes(collection));
    const swapped = log.map((row) => (row.seq === quarantined.seq ? resign(row.bytes, (fields) => fields) : row.bytes));
    await rewriteLog(suite.database(), hexToBytes(collection), swapped);
    await learnKeys(c.transport, credentials(c), c.keys, [collection]);
    const before = vaultSnapshot(c);
    const report = await c.engine.sync(collection);
    expect({ status: report.status, state: report.state }).toEqual({ status: 'frozen', state: 'FORK' });
    expect((await c.engine.status(collection)).frozen?.message).toContain(`another batch at log entry ${quarantined.seq}`);
    expect(vaultSnapshot(c)).toBe(before);
  });
});
