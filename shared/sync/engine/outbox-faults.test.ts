import { describe, expect, it } from 'vitest';
import { type Fault } from '../testing/unreliable-transport';
import { SyncWorld } from '../testing/sync-world';

/** A plan that applies `fault` to the first `times` calls named `call`, then behaves. */
function faultFirst(call: string, fault: Fault, times = 1) {
  let left = times;
  return (name: string): Fault => {
    if (name !== call || left === 0) return 'ok';
    left -= 1;
    return fault;
  };
}

describe('outbox: signed bytes survive failures and are never doubled', () => {
  it('a pending outbox survives a restart and is resent byte for byte, once in the log', async () => {
    const world = await SyncWorld.create(2);
    const [a, b] = [world.device(0), world.device(1)];
    await a.sync();
    a.plan = faultFirst('appendBatch', 'drop-request');
    const id = await a.create({ name: 'Shop', password: 'p1' });
    const offline = await a.sync();
    expect(offline).toMatchObject({ status: 'offline', pending: 1 });
    expect(world.server.log(world.collection)).toHaveLength(0);

    a.restart();
    expect(await a.engine.status(world.collection)).toMatchObject({ pending: 1 });
    world.advance(offline.retryAt! - world.now);
    expect(await a.sync()).toMatchObject({ status: 'ok', pushed: 1, pending: 0 });

    const sent = world.server.received.filter((r) => r.device === a.hex);
    expect(sent).toHaveLength(1);
    expect(world.server.log(world.collection)).toHaveLength(1);
    await b.sync();
    expect(b.replica.view(world.collection, id)?.values).toEqual({ name: 'Shop', password: 'p1' });
  });

  it('a request dropped before the server saw it is resent with the very same bytes', async () => {
    const world = await SyncWorld.create(1);
    const a = world.device(0);
    a.plan = faultFirst('appendBatch', 'drop-request', 2);
    await a.create({ name: 'Shop' });
    const before = (await a.store.load(world.collection))!.outbox[0]!.bytes;
    for (let i = 0; i < 3; i++) {
      const report = await a.sync();
      if (report.retryAt !== null) world.advance(report.retryAt - world.now);
    }
    expect(world.server.received).toHaveLength(1);
    expect(world.server.received[0]!.batch).toEqual(before);
    expect(await a.engine.status(world.collection)).toMatchObject({ pending: 0 });
  });

  it('the server stored the batch but the answer was lost: no duplicate, the next pull settles it', async () => {
    const world = await SyncWorld.create(2);
    const [a, b] = [world.device(0), world.device(1)];
    a.plan = faultFirst('appendBatch', 'drop-response');
    const id = await a.create({ name: 'Shop' });
    expect(await a.sync()).toMatchObject({ status: 'offline', pending: 1 });
    expect(world.server.log(world.collection)).toHaveLength(1);
    const next = await a.sync();
    expect(next).toMatchObject({ status: 'ok', pending: 0, pulled: 1 });
    expect(world.server.log(world.collection)).toHaveLength(1);
    await b.sync();
    expect(b.replica.view(world.collection, id)?.values).toEqual({ name: 'Shop' });
    expect(b.replica.state(world.collection, id)?.fields.name).toHaveLength(1);
  });

  it('a retried push gets the same seq back and the log holds the batch once', async () => {
    const world = await SyncWorld.create(1);
    const a = world.device(0);
    a.plan = faultFirst('appendBatch', 'duplicate');
    await a.create({ name: 'Shop' });
    expect(await a.sync()).toMatchObject({ status: 'ok', pushed: 1, pending: 0 });
    expect(world.server.received).toHaveLength(2);
    expect(world.server.received[0]!.batch).toEqual(world.server.received[1]!.batch);
    expect(world.server.log(world.collection).map((change) => change.seq)).toEqual([1]);
  });

  it('retries back off exponentially, with jitter that differs between devices', async () => {
    const world = await SyncWorld.create(2, { backoffBaseMs: 1000, backoffCapMs: 60_000 });
    const delaysOf = async (index: number) => {
      const device = world.device(index);
      await device.sync();
      device.plan = (call) => (call === 'appendBatch' ? 'drop-request' : 'ok');
      await device.create({ name: `item of ${device.name}` });
      const delays: number[] = [];
      for (let i = 0; i < 8; i++) {
        const report = await device.sync();
        expect(report.status).toBe('offline');
        delays.push(report.retryAt! - (world.now + device.skewMs));
        world.advance(report.retryAt! - world.now);
      }
      return delays;
    };
    const a = await delaysOf(0);
    const b = await delaysOf(1);
    for (const delays of [a, b]) {
      delays.forEach((delay, i) => {
        const nominal = Math.min(1000 * 2 ** i, 60_000);
        expect(delay).toBeGreaterThanOrEqual(nominal / 2);
        expect(delay).toBeLessThanOrEqual(nominal);
      });
      expect(delays[5]!).toBeGreaterThan(delays[0]! * 8);
    }
    expect(a).not.toEqual(b);
  });

  it('an entry waiting for its backoff is not pushed early', async () => {
    const world = await SyncWorld.create(1);
    const a = world.device(0);
    a.plan = faultFirst('appendBatch', 'drop-request');
    await a.create({ name: 'Shop' });
    const first = await a.sync();
    a.plan = () => 'ok';
    expect(await a.sync()).toMatchObject({ pushed: 0, pending: 1 });
    world.advance(first.retryAt! - world.now);
    expect(await a.sync()).toMatchObject({ pushed: 1, pending: 0 });
  });
});
