/**
 * Fault tests on the real server and the real engine: the server process SIGKILLed in the middle
 * of a run of pushes and started again on the same data; the connection cut halfway through a
 * batch upload, and cut after the server stored a batch but before its answer arrived. In every
 * case no edit is lost and none is doubled: every item reaches the other device once, and the log
 * holds each of the writer's counters exactly once, in order.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeBatch } from '../../shared/sync/batch';
import { expectOk, type HarnessDevice, type Person, setUpPerson, write } from '../malicious-server/person';
import { startCuttingProxy, type CuttingProxy } from './cutting-proxy';
import { startKillableServer, type KillableServer } from './server-process';

const LONG_NOTE = 'n'.repeat(2500); // makes every push a batch-sized request for the cutting proxy
const HOUR = 3_600_000;

/** Sync until the outbox is empty, moving the device's clock past each backoff (at most `rounds`). */
async function drain(device: HarnessDevice, collection: string, rounds = 12): Promise<void> {
  for (let i = 0; i < rounds; i += 1) {
    const report = await device.engine.sync(collection);
    if (report.status === 'frozen') throw new Error(`${device.name} froze: ${report.state}`);
    if (report.status === 'ok' && report.pending === 0) return;
    device.skewMs += HOUR;
  }
  throw new Error(`${device.name} still has pending changes`);
}

/** The reader has exactly these items with these titles, and the log holds the writer's counters 1..n once each. */
async function expectDeliveredOnce(person: Person, writer: HarnessDevice, titles: Map<string, string>): Promise<void> {
  const { b, collection } = person;
  expectOk(await b.engine.sync(collection), 'B');
  expect(b.replica.itemIds(person.collection)).toEqual([...titles.keys()].sort());
  for (const [id, title] of titles) expect(b.replica.view(collection, id)?.values.title).toBe(title);
  const page = await writer.transport.changes(person.collectionId, 0, 500);
  const counters = page.changes.map((change) => decodeBatch(change.batch).fields).filter((fields) => Buffer.from(fields.device).equals(Buffer.from(writer.deviceId))).map((fields) => fields.counter);
  expect(counters).toEqual(counters.map((_, i) => i + 1));
  const state = await writer.store.load(collection);
  expect(state?.run.counter).toBe(counters.length);
}

describe('faults: the server SIGKILLed mid-push and restarted', () => {
  let server: KillableServer;
  let person: Person;
  beforeEach(async () => {
    server = await startKillableServer();
    person = await setUpPerson(server);
  });
  afterEach(async () => {
    await person.close();
    await server.stop();
  });

  it('loses no edit and doubles none', async () => {
    const { a, collection } = person;
    const titles = new Map<string, string>();
    for (let i = 0; i < 12; i += 1) {
      const title = `Item ${i}`;
      titles.set(await write(a, collection, { title, notes: LONG_NOTE }), title);
    }
    let appended = 0;
    a.afterAppend = async () => {
      appended += 1;
      if (appended === 4) await server.kill();
    };
    const during = await a.engine.sync(collection);
    expect(during.status).toBe('offline');
    expect(during.pending).toBeGreaterThan(0);
    a.afterAppend = null;
    await server.restart();
    await drain(a, collection);
    await expectDeliveredOnce(person, a, titles);
  });
});

describe('faults: the connection cut mid-batch', () => {
  let server: KillableServer;
  let proxy: CuttingProxy;
  let person: Person;
  beforeEach(async () => {
    server = await startKillableServer();
    proxy = await startCuttingProxy(Number(new URL(server.url).port));
    person = await setUpPerson(server, { via: `https://127.0.0.1:${proxy.port}` });
  });
  afterEach(async () => {
    await person.close();
    await proxy.close();
    await server.stop();
  });

  it('halfway through the upload: nothing stored, the resend lands once', async () => {
    const { a, collection } = person;
    const titles = new Map<string, string>();
    titles.set(await write(a, collection, { title: 'Before the cut', notes: LONG_NOTE }), 'Before the cut');
    proxy.cutRequest();
    const during = await a.engine.sync(collection);
    expect(proxy.cuts()).toBe(1);
    expect(during.status).toBe('offline');
    titles.set(await write(a, collection, { title: 'After the cut', notes: LONG_NOTE }), 'After the cut');
    await drain(a, collection);
    await expectDeliveredOnce(person, a, titles);
  });

  it('after the server stored the batch, before its answer: the resend gets the same seq, no double', async () => {
    const { a, collection } = person;
    const titles = new Map<string, string>();
    titles.set(await write(a, collection, { title: 'Answer lost', notes: LONG_NOTE }), 'Answer lost');
    proxy.cutResponse();
    const during = await a.engine.sync(collection);
    expect(proxy.cuts()).toBe(1);
    expect(during.status).toBe('offline');
    await drain(a, collection);
    await expectDeliveredOnce(person, a, titles);
  });
});
