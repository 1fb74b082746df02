import { concatBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../crypto/hash';
import { GENESIS_HEAD, headOf, nextHead } from './log-head';

const id = (n: number) => sha256(Uint8Array.of(n));

describe('log heads', () => {
  it('head_0 is 32 zero bytes and head_n = SHA-256(head_{n-1} ‖ batch_id)', () => {
    expect(GENESIS_HEAD).toEqual(new Uint8Array(32));
    const h1 = sha256(concatBytes(new Uint8Array(32), id(1)));
    expect(nextHead(GENESIS_HEAD, id(1))).toEqual(h1);
    expect(headOf([id(1), id(2)])).toEqual(sha256(concatBytes(h1, id(2))));
  });

  it('commits to the order of batches: swapping two batches changes the head', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(255), { minLength: 2, maxLength: 6 }), (ns) => {
        const ids = ns.map(id);
        const swapped = [ids[1] ?? id(0), ids[0] ?? id(0), ...ids.slice(2)];
        expect(headOf(swapped)).not.toEqual(headOf(ids));
      }),
    );
  });

  it('a head continued from a pinned head equals the head of the whole log', () => {
    const ids = [1, 2, 3, 4].map(id);
    expect(headOf(ids.slice(2), headOf(ids.slice(0, 2)))).toEqual(headOf(ids));
  });

  it('refuses a head or batch id that is not 32 bytes (BAD_INPUT)', () => {
    expect(() => nextHead(new Uint8Array(31), id(1))).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => nextHead(GENESIS_HEAD, new Uint8Array(33))).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
