import { argon2id as nobleArgon2id } from '@noble/hashes/argon2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  argon2idUnchecked,
  checkKdfParams,
  DEFAULT_KDF,
  deriveKek,
  kdfDescriptor,
  newKdfParams,
  warmArgon2,
} from './argon2id';
import { RFC9106_ARGON2ID as V } from './vectors/rfc9106-argon2';

const salt16 = new Uint8Array(16).fill(7);
/** The smallest parameters deriveKek accepts; keeps the suite fast on 2 cores. */
const MIN = { m: 19456, t: 2, p: 1, salt: salt16 };

describe('Argon2id (RFC 9106)', () => {
  it('matches RFC 9106 §5.3 with secret and associated data (@noble/hashes, the cross-check reference)', () => {
    const tag = nobleArgon2id(hexToBytes(V.password), hexToBytes(V.salt), {
      m: V.m,
      t: V.t,
      p: V.p,
      dkLen: V.tagLength,
      key: hexToBytes(V.secret),
      personalization: hexToBytes(V.associatedData),
    });
    expect(bytesToHex(tag)).toBe(V.tag);
  });

  it('WASM (hash-wasm) equals @noble/hashes on the RFC 9106 §5.3 inputs with the secret (hash-wasm has no AD input)', async () => {
    const options = { m: V.m, t: V.t, p: V.p, length: V.tagLength, secret: hexToBytes(V.secret) };
    const wasm = await argon2idUnchecked(hexToBytes(V.password), hexToBytes(V.salt), options);
    const noble = nobleArgon2id(hexToBytes(V.password), hexToBytes(V.salt), {
      m: V.m, t: V.t, p: V.p, dkLen: V.tagLength, key: hexToBytes(V.secret),
    });
    expect(bytesToHex(wasm)).toBe(bytesToHex(noble));
  });

  it('WASM equals @noble/hashes on random small parameter sets (property)', async () => {
    await warmArgon2();
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 48 }),
        fc.uint8Array({ minLength: 8, maxLength: 32 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 24 }),
        fc.integer({ min: 4, max: 64 }),
        async (password, salt, p, t, extraBlocks, length) => {
          const m = 8 * p + extraBlocks;
          const wasm = await argon2idUnchecked(password, salt, { m, t, p, length });
          const noble = nobleArgon2id(password, salt, { m, t, p, dkLen: length });
          expect(bytesToHex(wasm)).toBe(bytesToHex(noble));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('WASM equals @noble/hashes at the client minimum (19 MiB, t=2, p=1) through deriveKek', async () => {
    const kek = await deriveKek('correct horse battery staple', MIN);
    const noble = nobleArgon2id(new TextEncoder().encode('correct horse battery staple'), salt16, { m: MIN.m, t: MIN.t, p: MIN.p, dkLen: 32 });
    expect(kek).toHaveLength(32);
    expect(bytesToHex(kek)).toBe(bytesToHex(noble));
  });
});

describe('KDF parameter floor (DESIGN.md §4)', () => {
  it.each([
    ['m = 19455 KiB, one below 19 MiB', { m: 19455, t: 3, p: 4 }],
    ['t = 1', { m: 65536, t: 1, p: 4 }],
    ['t = 0', { m: 65536, t: 0, p: 4 }],
    ['the hash-wasm README example m = 512', { m: 512, t: 2, p: 1 }],
  ])('refuses %s with KDF_TOO_WEAK', (_name, params) => {
    expect(() => checkKdfParams({ ...params, salt: salt16 })).toThrowError(expect.objectContaining({ code: 'KDF_TOO_WEAK' }));
  });

  it.each([
    ['p = 0', { m: 65536, t: 3, p: 0 }, salt16],
    ['p = 17', { m: 65536, t: 3, p: 17 }, salt16],
    ['m above 4 GiB', { m: 4 * 1024 * 1024 + 1, t: 3, p: 4 }, salt16],
    ['t = 65', { m: 65536, t: 65, p: 4 }, salt16],
    ['fractional m', { m: 65536.5, t: 3, p: 4 }, salt16],
    ['NaN t', { m: 65536, t: Number.NaN, p: 4 }, salt16],
    ['a 15-byte salt', { m: 65536, t: 3, p: 4 }, new Uint8Array(15)],
    ['a 65-byte salt', { m: 65536, t: 3, p: 4 }, new Uint8Array(65)],
  ])('refuses %s with BAD_INPUT', (_name, params, salt) => {
    expect(() => checkKdfParams({ ...params, salt })).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
  });

  it('accepts the minimum and the defaults (64 MiB, t=3, p=4)', () => {
    expect(DEFAULT_KDF).toEqual({ m: 65536, t: 3, p: 4 });
    expect(() => checkKdfParams(MIN)).not.toThrow();
    expect(() => checkKdfParams({ ...DEFAULT_KDF, salt: salt16 })).not.toThrow();
    const fresh = newKdfParams();
    expect(fresh.salt).toHaveLength(16);
    expect(kdfDescriptor(fresh)).toMatchObject({ alg: 'argon2id', version: 0x13, m: 65536, t: 3, p: 4 });
  });

  it('refuses weak parameters before deriving anything (returns at once, even with a huge t-free cost)', async () => {
    const started = performance.now();
    await expect(deriveKek('pw', { m: 19455, t: 3, p: 1, salt: salt16 })).rejects.toMatchObject({ code: 'KDF_TOO_WEAK' });
    await expect(deriveKek('pw', { m: 4194304, t: 1, p: 4, salt: salt16 })).rejects.toMatchObject({ code: 'KDF_TOO_WEAK' });
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('refuses an empty password', async () => {
    await expect(deriveKek('', MIN)).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('derives the same KEK for a password in either Unicode normal form (NFC), another for a different one', async () => {
    const composed = await deriveKek('caf\u00e9', MIN);
    const decomposed = await deriveKek('cafe\u0301', MIN);
    const other = await deriveKek('cafe', MIN);
    expect(bytesToHex(decomposed)).toBe(bytesToHex(composed));
    expect(bytesToHex(other)).not.toBe(bytesToHex(composed));
  });
});
