import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { decodeHeartbeat } from '../heartbeat';
import { SyncWorld } from '../testing/sync-world';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('heartbeats', () => {
  it('a device puts its heartbeat at most hourly, reporting its pinned log', async () => {
    const world = await SyncWorld.create(2);
    const a = world.device(0);
    const puts: number[] = [];
    a.plan = (call) => (call === 'putHeartbeat' && puts.push(world.now), 'ok');
    await a.sync();
    world.advance(20 * MINUTE);
    await a.sync();
    world.advance(39 * MINUTE);
    await a.sync();
    expect(puts).toHaveLength(1);
    await a.create({ name: 'Shop' });
    world.advance(2 * MINUTE);
    await a.sync();
    expect(puts).toHaveLength(2);
    const stored = world.server.heartbeatsOf.get(bytesToHex(world.identity))!.get(a.hex)!;
    const [log] = decodeHeartbeat(stored).fields.logs;
    expect(log).toMatchObject({ counter: 1, seq: 1 });
  });

  it('a peer silent for longer than the window is STALE; approving restarts the window', async () => {
    const world = await SyncWorld.create(2, { staleAfterMs: 14 * DAY });
    const [a, b] = [world.device(0), world.device(1)];
    await a.sync();
    await b.sync();
    for (let day = 0; day < 13; day++) {
      world.advance(DAY);
      expect(await b.sync()).toMatchObject({ status: 'ok' });
    }
    world.advance(2 * DAY);
    const report = await b.sync();
    expect(report).toMatchObject({ status: 'frozen', state: 'STALE' });
    expect((await b.engine.status(world.collection)).frozen?.message).toContain(a.hex);
    expect(await b.engine.approveRepin(world.collection)).toMatchObject({ status: 'ok' });
    world.advance(DAY);
    expect(await b.sync()).toMatchObject({ status: 'ok' });
  });

  it('a peer that keeps syncing is never STALE', async () => {
    const world = await SyncWorld.create(2, { staleAfterMs: 2 * DAY });
    const [a, b] = [world.device(0), world.device(1)];
    for (let day = 0; day < 6; day++) {
      world.advance(DAY);
      expect(await a.sync()).toMatchObject({ status: 'ok' });
      expect(await b.sync()).toMatchObject({ status: 'ok' });
    }
  });

  it('a heartbeat from a peer that was shown another branch of the log is FORK', async () => {
    const world = await SyncWorld.create(2);
    const [a, b] = [world.device(0), world.device(1)];
    await a.create({ name: 'first' });
    await a.sync();
    await b.sync();
    // A's second batch lands at seq 2 and A's next heartbeat reports that head; the server then
    // drops it and gives seq 2 to B instead, keeping the two devices on different branches.
    await a.create({ name: 'seen only by A' });
    world.advance(61 * MINUTE);
    await a.sync();
    world.server.tamperLog(world.collection, (log) => log.slice(0, 1));
    await b.create({ name: 'from B' });
    const report = await b.sync();
    expect(report).toMatchObject({ status: 'frozen', state: 'FORK' });
    expect((await b.engine.status(world.collection)).frozen?.message).toContain(a.hex);
  });
});
