import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/random';
import { VaultError } from '../protocol/errors';
import { emptyPinnedLog } from './pinned-log';
import { TestLog, TestWorld, TestWriter } from './test-fixtures';
import { verifyPull } from './verify-batch';

/** An honest log of `writes.length` batches by three devices of two identities, in the given order. */
function honestLog(writes: readonly number[]) {
  const world = new TestWorld();
  const alice = randomBytes(32);
  const writers = [world.add(new TestWriter(alice)), world.add(new TestWriter(alice)), world.add(new TestWriter(randomBytes(32)))];
  const log = new TestLog();
  for (const w of writes) log.append((writers[w] ?? writers[0])!.next(log));
  return { world, log };
}

/** The same batches re-served by a consistent liar: fresh seqs and heads recomputed over its order. */
function reserve(collection: Uint8Array, batches: readonly Uint8Array[]): TestLog {
  const log = new TestLog(collection);
  for (const batch of batches) log.append(batch);
  return log;
}

type Tamper = { kind: 'drop' | 'swap' | 'duplicate'; at: number };

function tamper(batches: readonly Uint8Array[], t: Tamper): Uint8Array[] {
  const out = [...batches];
  const i = t.at % (batches.length - 1);
  if (t.kind === 'drop') out.splice(i, 1);
  if (t.kind === 'swap') [out[i], out[i + 1]] = [out[i + 1] ?? new Uint8Array(), out[i] ?? new Uint8Array()];
  if (t.kind === 'duplicate') out.push(out[i] ?? new Uint8Array());
  return out;
}

const writes = fc.array(fc.nat(2), { minLength: 2, maxLength: 8 });
const tampers = fc.record({ kind: fc.constantFrom<Tamper['kind']>('drop', 'swap', 'duplicate'), at: fc.nat(20) });

describe('a server that re-serves the log in another order', () => {
  it('any interleaving of honest batches from three devices verifies', () => {
    fc.assert(
      fc.property(writes, (order) => {
        const { world, log } = honestLog(order);
        const state = emptyPinnedLog(log.collection);
        expect(verifyPull(state, log.entries, log.claimed(), world).state.seq).toBe(order.length);
      }),
      { numRuns: 25 },
    );
  });

  it('dropping a batch in the middle, swapping two, or serving one twice is refused, with heads recomputed to match', () => {
    fc.assert(
      fc.property(writes, tampers, (order, t) => {
        const { world, log } = honestLog(order);
        const lie = reserve(log.collection, tamper(log.entries.map((e) => e.batch), t));
        const state = emptyPinnedLog(log.collection);
        const before = structuredClone(state);
        let refused: unknown = null;
        try {
          verifyPull(state, lie.entries, lie.claimed(), world);
        } catch (error) {
          refused = error;
        }
        expect(refused).toBeInstanceOf(VaultError);
        expect(['OMISSION', 'FORK', 'REPLAY']).toContain((refused as VaultError).code);
        expect(state).toEqual(before);
      }),
      { numRuns: 40 },
    );
  });
});
