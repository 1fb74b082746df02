/**
 * The extension's restore run (shared/devices/restore-device.ts) in Node, over the real server
 * (SQLite, and PostgreSQL with TEST_DATABASE_URL): from a plan whose new kit was confirmed first,
 * C enrolls, removes A, reads and re-encrypts every item; a device built from what the run returns
 * (the engine state it pinned, the merge states, the keys), as the extension builds its vault,
 * goes on writing after the re-encryption batches without reusing a counter, and the new kit is the
 * vault's recovery key. A run whose chain moved after planning is refused (CONFLICT) and the old
 * kit still works.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { recoverIdentity } from '../../shared/devices/recover-device';
import { restoreDevice } from '../../shared/devices/restore-device';
import { fetchChainForRecovery } from '../../shared/protocol/client/recovery-client';
import { checkKit } from '../../shared/recovery/recovery-key';
import { kitFromText, kitToText, type RecoveryKit } from '../../shared/recovery/kit';
import { planRecovery } from '../../shared/recovery/plan';
import { validateIdentityChain } from '../../shared/chains/identity-chain';
import { describeOnDatabases } from '../../server/testing/on-databases';
import { createPerson, DeviceLab, expectOk, type Person, servedIdentity, setRecoveryKit, valuesOf, writeItem } from './device-lab';

const env = { now: () => Date.now(), random: Math.random };

describeOnDatabases('restore run of the extension, end to end', (suite) => {
  let lab: DeviceLab;
  let person: Person;
  let kit: RecoveryKit;
  let second: string;
  beforeEach(async () => {
    lab = new DeviceLab(suite.server());
    person = await createPerson(lab);
    kit = await setRecoveryKit(person.a);
    second = await writeItem(person.a, person.collection, { title: 'Token', secret: 'machine secret' });
    expectOk(await person.a.engine.sync(person.collection), 'A');
  });
  afterEach(() => lab.close());

  async function plan(k: RecoveryKit = kit) {
    const served = await fetchChainForRecovery({ server: lab.server.url, fetch: lab.fetch }, k.fingerprint);
    return planRecovery({ entries: served.entries, kit: k });
  }

  it('C restores, removes A, and a device built from the run writes on without reusing a counter', async () => {
    const made = await plan(kitFromText(kitToText(kit)));
    const steps: string[] = [];
    const restored = await restoreDevice({ server: lab.server.url, fetch: lab.fetch, kit, plan: made, env, onStep: (s) => steps.push(s) });
    expect(steps).toEqual(['enrolling', 'reading', 'rotating']);
    expect(restored.collection).toBe(person.collection);
    expect(restored.items.size).toBe(2);
    expect(restored.keys.currentEpoch(person.collection)).toBe(1);

    const { device } = restored.plan;
    const c = lab.device('C', { identity: person.identity, deviceId: device.deviceId, seed: device.seed, x25519Private: device.x25519Private }, restored.keys);
    await c.store.save(person.collection, restored.state);
    await c.replica.apply(person.collection, restored.items);
    expect(valuesOf(c, person.collection, second)).toEqual({ title: 'Token', secret: 'machine secret' });
    const note = await writeItem(c, person.collection, { title: 'After restore' });
    expectOk(await c.engine.sync(person.collection), 'C');

    const { state } = await servedIdentity(c);
    expect(() => checkKit(made.kit, state)).not.toThrow();
    expect(() => checkKit(kit, state)).toThrow(expect.objectContaining({ code: 'UNTRUSTED_WRITER' }));
    await expect(person.a.engine.sync(person.collection)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    // A fresh engine for the same device (a browser whose sync state was lost) reads the note too.
    const again = lab.device('C again', { identity: c.identity, deviceId: c.deviceId, seed: c.seed, x25519Private: c.x25519Private }, restored.keys);
    expectOk(await again.engine.sync(person.collection), 'C again');
    expect(valuesOf(again, person.collection, note)).toEqual({ title: 'After restore' });
  });

  it('a chain that moved after the plan was made refuses the run (CONFLICT), and the old kit still works', async () => {
    const stale = await plan();
    // Another run (the attacker's, or an earlier attempt) lands first.
    const other = await plan();
    await recoverIdentity({ server: lab.server.url, fetch: lab.fetch, kit, plan: { ...other, entries: other.entries.slice(0, 1) } });
    await expect(restoreDevice({ server: lab.server.url, fetch: lab.fetch, kit, plan: stale, env })).rejects.toMatchObject({ code: 'CONFLICT' });
    const served = await fetchChainForRecovery({ server: lab.server.url, fetch: lab.fetch }, kit.fingerprint);
    expect(() => checkKit(kit, validateIdentityChain(served.entries, kit.fingerprint))).not.toThrow();
  });
});
