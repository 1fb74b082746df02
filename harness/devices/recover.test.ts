/**
 * Recovery end to end in Node, over the real server (SQLite, and PostgreSQL with TEST_DATABASE_URL):
 * A (with a recovery kit) and B, which A paired, wrote items. A fresh device C holding only the kit's
 * text reads the chain and appends the recovery-signed add-device without a session, then, as a
 * device, revokes the others, sets a new kit and rotates the user key; it finds its collections,
 * opens their keys with the kit's user key, reads every item, and rotates the collections to the new
 * user key (re-encrypting every item). A and B are refused at their next request; a device kept
 * through the recovery is told by its next sync (recoverySigned). A replaced, foreign or mistyped
 * kit is refused.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { randomBytes } from '../../shared/crypto/random';
import { KeyRing } from '../../shared/devices/key-ring';
import { learnKeys } from '../../shared/devices/learn-keys';
import { recoverIdentity } from '../../shared/devices/recover-device';
import { rotateAfterRevoke } from '../../shared/devices/rotate-after-revoke';
import { fetchAccountData } from '../../shared/protocol/client/account-data';
import { fetchChainForRecovery } from '../../shared/protocol/client/recovery-client';
import { createRecoveryKit, kitFromText, kitToText, type RecoveryKit } from '../../shared/recovery/kit';
import { planRecovery } from '../../shared/recovery/plan';
import { describeOnDatabases } from '../../server/testing/on-databases';
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
  writeItem,
} from './device-lab';
import { pairDevice } from './pairing-flow';

const credentials = (d: NodeDevice) => ({ identity: d.identity, device: d.deviceId, seed: d.seed, x25519Private: d.x25519Private, deviceId: d.deviceId });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error && 'code' in error) return String(error.code);
    throw error;
  }
  return 'no error';
}

describeOnDatabases('recovery with the kit, end to end', (suite) => {
  let lab: DeviceLab;
  let person: Person;
  let kit: RecoveryKit;
  let b: NodeDevice;
  const items: Record<string, string> = {};
  beforeEach(async () => {
    lab = new DeviceLab(suite.server());
    person = await createPerson(lab);
    kit = await setRecoveryKit(person.a);
    b = await pairDevice(lab, person, 'B');
    items.first = person.firstItem;
    items.second = await writeItem(person.a, person.collection, { title: 'Mail', password: 'from A' });
    expectOk(await person.a.engine.sync(person.collection), 'A');
    items.third = await writeItem(b, person.collection, { title: 'Shop', password: 'from B' });
    expectOk(await b.engine.sync(person.collection), 'B');
  });
  afterEach(() => lab.close());

  /** C recovers with the kit's text: plan, append, find and open its collections, read, rotate. */
  async function recover(keep: readonly Uint8Array[] = []): Promise<NodeDevice> {
    const recovered = await recoverIdentity({ server: lab.server.url, fetch: lab.fetch, kit: kitFromText(kitToText(kit)), keep });
    const { device } = recovered.plan;
    const c = lab.device('C', { identity: person.identity, deviceId: device.deviceId, seed: device.seed, x25519Private: device.x25519Private }, recovered.keys);
    const data = await fetchAccountData({ server: lab.server.url, fetch: lab.fetch, device: { identity: c.identity, device: c.deviceId, seed: c.seed } });
    const collections = data.collections.filter((entry) => entry.role !== null).map((entry) => bytesToHex(Buffer.from(entry.id, 'base64url')));
    expect(collections).toEqual([person.collection]);
    await learnKeys(c.transport, credentials(c), c.keys, collections);
    for (const collection of collections) expectOk(await c.engine.sync(collection), 'C');
    const rotation = await rotateAfterRevoke({ transport: c.transport, engine: c.engine, keys: c.keys, device: credentials(c), liveItems: liveItemsOf(c) }, collections);
    expect(rotation).toEqual({ userKeyGeneration: 1, userKeyRotated: false, rotated: [{ collection: person.collection, epoch: 1 }], reencrypted: 3 });
    return c;
  }

  it('C restores from the kit, revokes A and B, reads every item, and A and B are refused', async () => {
    const c = await recover();
    const { collection, a } = person;
    expect(valuesOf(c, collection, items.first ?? '')).toMatchObject({ title: 'Bank' });
    expect(valuesOf(c, collection, items.second ?? '')).toEqual({ title: 'Mail', password: 'from A' });
    expect(valuesOf(c, collection, items.third ?? '')).toEqual({ title: 'Shop', password: 'from B' });
    const { state } = await servedIdentity(c);
    expect(state.recoverySignedAt).toHaveLength(1);
    expect([...state.devices.values()].filter((d) => d.status === 'trusted').map((d) => d.deviceId)).toEqual([c.deviceId]);
    await expect(a.engine.sync(collection)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(b.engine.sync(collection)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });

    // The re-encryption carried every item: C's secrets in a fresh browser with only the new
    // generation's keys read them all (the old epoch's batches are quarantined, not needed).
    const newOnly = new KeyRing();
    newOnly.addUserKey(c.keys.userKey(1) ?? expect.fail('no generation 1'));
    newOnly.addEpochKey(collection, 1, c.keys.epochKey(collection, 1) ?? expect.fail('no epoch 1'));
    const fresh = lab.device('C again', { identity: c.identity, deviceId: c.deviceId, seed: c.seed, x25519Private: c.x25519Private }, newOnly);
    expect(expectOk(await fresh.engine.sync(collection), 'C again').quarantined).toBeGreaterThan(0);
    for (const id of Object.values(items)) expect(valuesOf(fresh, collection, id)).toEqual(valuesOf(c, collection, id));
  });

  it('a device kept through the recovery is told by its next sync, and reads on with the new keys', async () => {
    const c = await recover([b.deviceId]);
    const { collection } = person;
    const report = expectOk(await b.engine.sync(collection), 'B');
    const { state } = await servedIdentity(c);
    expect(report.recoverySigned).toEqual(state.recoverySignedAt);
    expect(expectOk(await b.engine.sync(collection), 'B').recoverySigned).toBeUndefined();
    await learnKeys(b.transport, credentials(b), b.keys, [collection]);
    const note = await writeItem(c, collection, { title: 'After recovery' });
    expectOk(await c.engine.sync(collection), 'C');
    expectOk(await b.engine.sync(collection), 'B');
    expect(valuesOf(b, collection, note)).toEqual({ title: 'After recovery' });
    await expect(person.a.engine.sync(collection)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('refuses a replaced kit, another vault\'s kit and a mistyped one', async () => {
    await recover();
    const served = await fetchChainForRecovery({ server: lab.server.url, fetch: lab.fetch }, person.identity);
    expect(await codeOf(planRecovery({ entries: served.entries, kit }))).toBe('UNTRUSTED_WRITER');
    expect(await codeOf(planRecovery({ entries: served.entries, kit: createRecoveryKit(randomBytes(32)) }))).toBe('FORK');
    const text = kitToText(kit);
    const mistyped = (text[0] === '0' ? '1' : '0') + text.slice(1);
    expect(await codeOf(Promise.resolve().then(() => kitFromText(mistyped)))).toBe('BAD_ENCODING');
  });
});
