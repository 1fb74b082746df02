import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBatch } from '../batch';
import type { Stamp } from '../hlc';
import type { Fault } from '../testing/unreliable-transport';
import { SyncWorld } from '../testing/sync-world';

const HOUR = 3600_000;
const FIELDS = ['name', 'password', 'url'] as const;

type Op =
  | { kind: 'create'; device: number; name: string; password: string }
  | { kind: 'edit'; device: number; pick: number; field: (typeof FIELDS)[number]; value: string }
  | { kind: 'delete'; device: number; pick: number }
  | { kind: 'sync'; device: number; push: Fault; pull: 'ok' | 'drop-response' }
  | { kind: 'wait'; ms: number };

const device = fc.nat(2);
const word = fc.string({ minLength: 1, maxLength: 6 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('create' as const), device, name: word, password: word }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('edit' as const), device, pick: fc.nat(), field: fc.constantFrom(...FIELDS), value: word }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), device, pick: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('sync' as const),
      device,
      push: fc.constantFrom<Fault>('ok', 'ok', 'duplicate', 'drop-response', 'drop-request'),
      pull: fc.constantFrom('ok' as const, 'ok' as const, 'drop-response' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 2 * HOUR }) }) },
);

interface Edit {
  readonly item: string;
  readonly field: string;
  readonly value: string;
  readonly stamp: Stamp;
}

async function run(ops: readonly Op[], skews: readonly number[]): Promise<void> {
  const world = await SyncWorld.create(3);
  world.devices.forEach((d, i) => (d.skewMs = skews[i] ?? 0));
  for (const d of world.devices) await d.sync();
  const edits: Edit[] = [];
  const known = (i: number) => world.device(i).replica.itemIds(world.collection);
  for (const step of ops) {
    world.advance(1000);
    if (step.kind === 'wait') world.advance(step.ms);
    else if (step.kind === 'create') {
      const d = world.device(step.device);
      const before = new Set(known(step.device));
      await d.create({ name: step.name, password: step.password });
      const item = known(step.device).find((id) => !before.has(id))!;
      const stamp = d.replica.state(world.collection, item)!.fields.name![0]!.stamp;
      edits.push({ item, field: 'name', value: step.name, stamp }, { item, field: 'password', value: step.password, stamp });
    } else if (step.kind === 'edit' || step.kind === 'delete') {
      const items = known(step.device);
      const item = items[step.pick % Math.max(1, items.length)];
      if (item === undefined) continue;
      if (step.kind === 'delete') await world.device(step.device).remove(item);
      else {
        const { stamp } = await world.device(step.device).edit(item, { [step.field]: step.value });
        edits.push({ item, field: step.field, value: step.value, stamp });
      }
    } else {
      const d = world.device(step.device);
      d.plan = (call) => (call === 'appendBatch' ? step.push : call === 'changes' ? step.pull : 'ok');
      const report = await d.sync();
      expect(report.status).not.toBe('frozen');
      d.plan = () => 'ok';
    }
  }
  // Everyone back online: sync in rounds (after the longest backoff) until nothing is pending.
  for (let round = 0; round < 4; round++) {
    world.advance(16 * 60_000);
    for (const d of world.devices) expect((await d.sync()).status).toBe('ok');
  }
  const [first, ...rest] = world.devices.map((d) => d.vault());
  for (const other of rest) expect(other).toEqual(first);
  for (const d of world.devices) expect((await d.engine.status(world.collection)).pending).toBe(0);
  const codes = await Promise.all(world.devices.map((d) => d.engine.stateCode([world.collection])));
  expect(new Set(codes).size).toBe(1);

  // No edit lost: every value ever written is the field's winner or in its history.
  const vault = new Map(first);
  for (const e of edits) {
    const versions = vault.get(e.item)?.fields[e.field] ?? [];
    expect(versions).toContainEqual({ value: e.value, stamp: e.stamp });
  }
  // Nothing doubled: each device's batches appear once, with counters 1, 2, 3… in the log.
  const counters = new Map<string, number[]>();
  for (const change of world.server.log(world.collection)) {
    const { fields } = decodeBatch(change.batch);
    const list = counters.get(change.device) ?? [];
    list.push(fields.counter);
    counters.set(change.device, list);
  }
  for (const list of counters.values()) expect(list).toEqual(list.map((_, i) => i + 1));
}

describe('convergence (property): 3 devices, offline edits, random sync order, lost and duplicated pushes', () => {
  it('every device ends with the same vault and no edit is lost or doubled', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 22 }), fc.array(fc.integer({ min: -5 * HOUR, max: 5 * HOUR }), { minLength: 3, maxLength: 3 }), run),
      { numRuns: 12 },
    );
  }, 120_000);
});
