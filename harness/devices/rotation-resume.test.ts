/**
 * Re-encryption after a revocation, cut short and resumed (DESIGN.md §5 "resumable after a killed
 * worker"), over the real server (SQLite, and PostgreSQL with TEST_DATABASE_URL): A holds 120 items
 * (more than one re-encryption slice); A revokes B and rotates; the worker dies after the first
 * slice was recorded (progress said 50 of 120). A restarted engine over the same store runs the
 * rotation again with `reencrypt: true`: nothing is appended twice (same user-key generation, same
 * epoch), progress reaches 120 of 120, and C, after learning the new keys, reads every item from
 * batches of the new epoch.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { learnKeys } from '../../shared/devices/learn-keys';
import { revokeDevice } from '../../shared/devices/revoke-device';
import { rotateAfterRevoke, type RotationProgress } from '../../shared/devices/rotate-after-revoke';
import { decodeBatch } from '../../shared/sync/batch';
import { describeOnDatabases } from '../../server/testing/on-databases';
import { readLog } from '../malicious-server/tamper';
import { createPerson, DeviceLab, expectOk, liveItemsOf, type NodeDevice, type Person, restartEngine, valuesOf, writeItem } from './device-lab';
import { pairDevice } from './pairing-flow';

const credentials = (d: NodeDevice) => ({ identity: d.identity, device: d.deviceId, seed: d.seed, x25519Private: d.x25519Private, deviceId: d.deviceId });
const ITEMS = 119;

describeOnDatabases('a rotation cut short by a killed worker resumes', (suite) => {
  let lab: DeviceLab;
  let person: Person;
  let b: NodeDevice;
  let c: NodeDevice;
  const written: string[] = [];
  beforeEach(async () => {
    lab = new DeviceLab(suite.server());
    person = await createPerson(lab);
    written.length = 0;
    for (let i = 0; i < ITEMS; i++) written.push(await writeItem(person.a, person.collection, { title: `Item ${i}` }));
    expectOk(await person.a.engine.sync(person.collection), 'A');
    b = await pairDevice(lab, person, 'B');
    c = await pairDevice(lab, person, 'C');
  });
  afterEach(() => lab.close());

  it('records the rest after a restart, appends nothing twice, and C reads every item at the new epoch', async () => {
    const { a, collection } = person;
    await revokeDevice(a.transport, credentials(a), b.deviceId);
    const seen: RotationProgress[] = [];
    const killed = new Error('worker killed');
    const ports = { transport: a.transport, engine: a.engine, keys: a.keys, device: credentials(a), liveItems: liveItemsOf(a) };
    await expect(
      rotateAfterRevoke({ ...ports, onProgress: (p) => { seen.push(p); if (p.done > 0) throw killed; } }, [collection]),
    ).rejects.toBe(killed);
    expect(seen.map((p) => `${p.done}/${p.total}`)).toEqual(['0/120', '50/120']);

    restartEngine(a);
    const resumed: RotationProgress[] = [];
    const report = await rotateAfterRevoke({ ...ports, engine: a.engine, onProgress: (p) => resumed.push(p) }, [collection], { reencrypt: true });
    expect(report).toMatchObject({ userKeyGeneration: 1, userKeyRotated: false, rotated: [], reencrypted: 120 });
    expect(resumed.at(-1)).toEqual({ collection, done: 120, total: 120 });
    const chain = await a.transport.collectionChain(hexToBytes(collection), 0);
    expect(chain.entries.length).toBe(2);

    await learnKeys(c.transport, credentials(c), c.keys, [collection]);
    expectOk(await c.engine.sync(collection), 'C');
    for (const [i, id] of written.entries()) expect(valuesOf(c, collection, id)).toEqual({ title: `Item ${i}` });
    const epochs = (await readLog(suite.database(), hexToBytes(collection))).map((row) => decodeBatch(row.bytes).fields.epoch);
    expect(epochs.filter((e) => e === 1).length).toBeGreaterThanOrEqual(3);
    expect((await c.engine.status(collection)).quarantined).toBe(0);
  });
});
