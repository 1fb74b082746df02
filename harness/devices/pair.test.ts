/**
 * Pairing end to end in Node, over the real server (SQLite, and PostgreSQL with TEST_DATABASE_URL):
 * A (account, personal collection, an item, synced) invites; a fresh B runs the new device's side
 * through the relay from the invite text; the person picks on A the code B shows; A appends the
 * add-device entry with its own transport (losing one compare-and-swap race to a concurrent entry,
 * and re-approving on the new head); B confirms the chain, opens the collection key through its
 * user key, syncs with its own engine and checks the pins: it reads A's item, its edit reaches A,
 * and both show the same state code.
 * Refusals: a replayed invite after completion, a second answer to one invite, an answer after
 * expiry on A's clock, a mistyped invite and invites re-encoded with another secret or vault.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { encodeInvite } from '../../shared/pairing/invite';
import { NewDevicePairing } from '../../shared/pairing/new-side';
import { planNewKit } from '../../shared/recovery/new-kit';
import { VaultError } from '../../shared/protocol/errors';
import type { SyncTransport } from '../../shared/sync/engine/ports';
import { describeOnDatabases } from '../../server/testing/on-databases';
import { createPerson, DeviceLab, expectOk, type Person, servedIdentity, signerOf, valuesOf, writeItem } from './device-lab';
import { answerInvite, approveAndDeliver, joinAndSync, openInvite, pairDevice } from './pairing-flow';

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VaultError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describeOnDatabases('pairing over the relay, end to end', (suite) => {
  let lab: DeviceLab;
  let person: Person;
  beforeEach(async () => {
    lab = new DeviceLab(suite.server());
    person = await createPerson(lab);
  });
  afterEach(() => lab.close());

  it("pairs B: B reads A's item, B's edit reaches A, both show the same state code", async () => {
    const { a, collection } = person;
    const open = await openInvite(lab, a);
    const b = await answerInvite(lab, open.text);
    expect(b.fingerprint).toEqual(person.identity);
    const [candidates, sas] = await Promise.all([open.trusted.candidates(), b.sas()]);
    expect(candidates).toHaveLength(3);
    expect(candidates).toContain(sas);
    await open.trusted.choose(sas);
    const approval = b.approval();

    // Another of A's entries lands between A's read of the chain and its append: the first
    // compare-and-swap loses (409), A re-reads the chain and approves again on the new head.
    let raced = false;
    const conflicts: string[] = [];
    const racing: Pick<SyncTransport, 'identityChain' | 'appendIdentityEntry'> = {
      identityChain: (id, from) => a.transport.identityChain(id, from),
      appendIdentityEntry: async (id, entry, prev) => {
        if (!raced) {
          raced = true;
          const { state } = await servedIdentity(a);
          const kit = await planNewKit(state, signerOf(a), a.keys.userKey(0) ?? expect.fail('no user key'));
          let head = state.head;
          for (const next of kit.entries) {
            await a.transport.appendIdentityEntry(id, next.bytes, head);
            head = next.hash;
          }
        }
        return a.transport.appendIdentityEntry(id, entry, prev).catch((error: unknown) => {
          if (error instanceof VaultError) conflicts.push(error.code);
          throw error;
        });
      },
    };
    const appended = await approveAndDeliver(a, open, [collection], racing);
    expect(conflicts).toEqual(['CONFLICT']);
    expect(open.trusted.pairing.phase).toBe('done');

    const { device: bDevice, join } = await joinAndSync(lab, 'B', await approval);
    expect(join.identity.head).toEqual(appended.state.head);
    expect(join.userKeys.map((k) => k.generation)).toEqual([0]);
    expect(valuesOf(bDevice, collection, person.firstItem)).toEqual({ title: 'Bank', password: 'correct horse battery staple' });

    await writeItem(bDevice, collection, { password: 'a new one from B' }, person.firstItem);
    expect(expectOk(await bDevice.engine.sync(collection), 'B').pushed).toBe(1);
    expect(expectOk(await a.engine.sync(collection), 'A').pulled).toBe(1);
    expect(valuesOf(a, collection, person.firstItem)).toEqual({ title: 'Bank', password: 'a new one from B' });
    expectOk(await bDevice.engine.sync(collection), 'B');
    expect(await bDevice.engine.stateCode([collection])).toBe(await a.engine.stateCode([collection]));
    expect(open.refused).toEqual([]);
  });

  it('refuses a replayed invite after completion: closed on the relay, and "already used" on A', async () => {
    const open = await openInvite(lab, person.a);
    const b = await answerInvite(lab, open.text);
    const [, sas] = await Promise.all([open.trusted.candidates(), b.sas()]);
    await open.trusted.choose(sas);
    const approval = b.approval();
    await approveAndDeliver(person.a, open, [person.collection]);
    await joinAndSync(lab, 'B', await approval);

    const replay = await refusal(answerInvite(lab, open.text));
    expect(replay.code).toBe('CONFLICT');
    expect(replay.message).toMatch(/closed this invite/);
    const onA = await refusal(Promise.resolve().then(() => open.trusted.pairing.receiveHello(NewDevicePairing.start(open.text).hello)));
    expect(onA).toEqual({ code: 'CONFLICT', message: 'this invite was already used: make a new one' });
  });

  it('a second answer to one invite aborts it on A, and both new devices are told', async () => {
    const chainBefore = (await servedIdentity(person.a)).state.length;
    const open = await openInvite(lab, person.a);
    const first = await answerInvite(lab, open.text);
    const second = await answerInvite(lab, open.text);
    const onA = await refusal(open.trusted.candidates());
    expect(onA.code).toBe('CONFLICT');
    expect(onA.message).toMatch(/two answers arrived/);
    expect(open.trusted.pairing.phase).toBe('aborted');
    for (const device of [first, second]) {
      const told = await refusal(device.sas());
      expect(told.code).toBe('CONFLICT');
      expect(told.message).toMatch(/closed this invite/);
    }
    expect((await servedIdentity(person.a)).state.length).toBe(chainBefore);
  });

  it("refuses an answer that arrives after the invite expired on A's clock, and the new device is told", async () => {
    let skew = 0;
    const clock = { now: () => Date.now() + skew };
    const open = await openInvite(lab, person.a, clock);
    const b = await answerInvite(lab, open.text);
    skew = 6 * 60 * 1000;
    const onA = await refusal(open.trusted.candidates());
    expect(onA).toEqual({ code: 'STALE', message: 'the invite expired (5 minutes): make a new one' });
    const told = await refusal(b.sas());
    expect(told.code).toBe('CONFLICT');
  });

  it('refuses a tampered invite: a mistyped one before anything is sent, a re-encoded one goes nowhere while the real one still pairs', async () => {
    const open = await openInvite(lab, person.a);
    const at = open.text.length - 10;
    const mistyped = open.text.slice(0, at) + (open.text[at] === 'A' ? 'B' : 'A') + open.text.slice(at + 1);
    expect(await refusal(answerInvite(lab, mistyped))).toMatchObject({ code: 'BAD_ENCODING' });
    expect((await lab.relay(open.invite).read(0)).messages).toEqual([]);

    const waiting = open.trusted.candidates();
    const otherSecret = encodeInvite({ ...open.invite, secret: new Uint8Array(16).fill(9) });
    const otherVault = encodeInvite({ ...open.invite, fingerprint: new Uint8Array(32).fill(9) });
    for (const text of [otherSecret, otherVault]) {
      const forged = await answerInvite(lab, text, { timeoutMs: 2500 });
      const told = await refusal(forged.sas());
      expect(told.code).toBe('STALE');
    }
    expect(open.refused).toEqual([
      { code: 'DECRYPT_FAILED', step: 'hello' },
      { code: 'DECRYPT_FAILED', step: 'hello' },
    ]);
    expect(open.trusted.pairing.phase).toBe('awaiting-hello');

    const b = await answerInvite(lab, open.text);
    const [, sas] = await Promise.all([waiting, b.sas()]);
    await open.trusted.choose(sas);
    const approval = b.approval();
    await approveAndDeliver(person.a, open, [person.collection]);
    const { device } = await joinAndSync(lab, 'B', await approval);
    expect(valuesOf(device, person.collection, person.firstItem)).toMatchObject({ title: 'Bank' });
  });

  it('a wrong pick on A aborts the invite, and B is told', async () => {
    const open = await openInvite(lab, person.a);
    const b = await answerInvite(lab, open.text);
    const [candidates, sas] = await Promise.all([open.trusted.candidates(), b.sas()]);
    const decoy = candidates.find((code) => code !== sas) ?? expect.fail('no decoy');
    expect(await refusal(open.trusted.choose(decoy))).toMatchObject({ code: 'BAD_INPUT' });
    expect(await refusal(b.approval())).toMatchObject({ code: 'CONFLICT' });
  });

  it('pairs two devices one after the other with the helper', async () => {
    const b = await pairDevice(lab, person, 'B');
    const c = await pairDevice(lab, person, 'C');
    expect(valuesOf(c, person.collection, person.firstItem)).toMatchObject({ title: 'Bank' });
    expectOk(await b.engine.sync(person.collection), 'B');
    expect(await c.engine.stateCode([person.collection])).toBe(await b.engine.stateCode([person.collection]));
  });
});
