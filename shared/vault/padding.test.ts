import fc from 'fast-check';
import { expectVaultError } from './expect-vault-error';
import { describe, expect, it } from 'vitest';
import { VaultError } from '../protocol/errors';
import { isBucketSize, MAX_PADDED_BYTES, MAX_UNPADDED_BYTES, pad, paddedLength, unpad } from './padding';

const expectBadRecord = (run: () => unknown, fragment: RegExp): void => expectVaultError(run, 'BAD_RECORD', fragment);

describe('padding to buckets', () => {
  it('uses 256, 512, 1024, 2048, 4096, then multiples of 4096 up to 1 MiB', () => {
    expect(paddedLength(0)).toBe(256);
    expect(paddedLength(252)).toBe(256);
    expect(paddedLength(253)).toBe(512);
    expect(paddedLength(1020)).toBe(1024);
    expect(paddedLength(1021)).toBe(2048);
    expect(paddedLength(4092)).toBe(4096);
    expect(paddedLength(4093)).toBe(8192);
    expect(paddedLength(8189)).toBe(12288);
    expect(paddedLength(MAX_UNPADDED_BYTES)).toBe(MAX_PADDED_BYTES);
    expect(() => paddedLength(MAX_UNPADDED_BYTES + 1)).toThrow(VaultError);
  });

  it('writes a big-endian length prefix and zero fill', () => {
    const padded = pad(new Uint8Array([0xaa, 0xbb, 0xcc]));
    expect(padded.length).toBe(256);
    expect([...padded.subarray(0, 7)]).toEqual([0, 0, 0, 3, 0xaa, 0xbb, 0xcc]);
    expect(padded.subarray(7).every((b) => b === 0)).toBe(true);
  });

  it('round-trips any data and always lands on a bucket', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20_000 }), (data) => {
        const padded = pad(data);
        expect(isBucketSize(padded.length)).toBe(true);
        expect(unpad(padded)).toEqual(data);
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips the largest plaintext', () => {
    const data = new Uint8Array(MAX_UNPADDED_BYTES).fill(7);
    expect(unpad(pad(data))).toEqual(data);
  });

  it('refuses a size that is not a bucket', () => {
    expectBadRecord(() => unpad(new Uint8Array(300)), /not a bucket/);
    expectBadRecord(() => unpad(new Uint8Array(MAX_PADDED_BYTES + 4096)), /not a bucket/);
    expectBadRecord(() => unpad(new Uint8Array(0)), /not a bucket/);
  });

  it('refuses a length prefix larger than the record or padded to the wrong bucket', () => {
    const tooLong = pad(new Uint8Array(10));
    tooLong[3] = 255;
    tooLong[2] = 1;
    expectBadRecord(() => unpad(tooLong), /exceeds/);
    const wrongBucket = new Uint8Array(512);
    wrongBucket[3] = 10;
    expectBadRecord(() => unpad(wrongBucket), /wrong bucket/);
  });

  it('refuses non-zero fill', () => {
    fc.assert(
      fc.property(fc.integer({ min: 14, max: 255 }), fc.integer({ min: 1, max: 255 }), (position, value) => {
        const padded = pad(new Uint8Array(10));
        padded[position] = value;
        expectBadRecord(() => unpad(padded), /not all zero/);
      }),
    );
  });
});
