import { argon2id as nobleArgon2id } from '@noble/hashes/argon2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { argon2idUnchecked, checkKdfParams, DEFAULT_KDF, deriveKek } from './argon2id';
import { RFC9106_ARGON2ID as V } from './vectors/rfc9106-argon2id';

describe('Argon2id', () => {
  it('matches RFC 9106 §5.3 (independent implementation: @noble/hashes, with secret and associated data)', () => {
    const tag = nobleArgon2id(V.password, V.salt, { m: V.m, t: V.t, p: V.p, dkLen: 32, key: V.secret, personalization: V.associatedData });
    expect(bytesToHex(tag)).toBe(V.tag);
  });

  it('WASM and @noble/hashes agree on small parameter sets', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        fc.uint8Array({ minLength: 8, maxLength: 32 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        async (password, salt, t, p) => {
          const m = 8 * p + 8;
          const wasm = await argon2idUnchecked({ password, salt, m, t, p, length: 32 });
          const noble = nobleArgon2id(password, salt, { m, t, p, dkLen: 32 });
          expect(bytesToHex(wasm)).toBe(bytesToHex(noble));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('WASM with a secret agrees with @noble/hashes on the RFC 9106 inputs without associated data', async () => {
    const wasm = await argon2idUnchecked({ password: V.password, salt: V.salt, secret: V.secret, m: V.m, t: V.t, p: V.p, length: 32 });
    const noble = nobleArgon2id(V.password, V.salt, { m: V.m, t: V.t, p: V.p, dkLen: 32, key: V.secret });
    expect(bytesToHex(wasm)).toBe(bytesToHex(noble));
  });

  it.each([
    [{ m: 19455, t: 3, p: 1 }, 'KDF_TOO_WEAK'],
    [{ m: 65536, t: 1, p: 4 }, 'KDF_TOO_WEAK'],
    [{ m: 1024, t: 1, p: 1 }, 'KDF_TOO_WEAK'],
    [{ m: 65536, t: 3, p: 0 }, 'BAD_INPUT'],
    [{ m: 65536.5, t: 3, p: 4 }, 'BAD_INPUT'],
    [{ m: 2 ** 40, t: 3, p: 4 }, 'BAD_INPUT'],
  ])('refuses %j with %s', (params, code) => {
    expect(() => checkKdfParams(params)).toThrowError(expect.objectContaining({ code }));
  });

  it('accepts the minimum and the default', () => {
    expect(() => checkKdfParams({ m: 19456, t: 2, p: 1 })).not.toThrow();
    expect(() => checkKdfParams(DEFAULT_KDF)).not.toThrow();
  });

  it('refuses to derive with weak parameters before doing any work', async () => {
    await expect(deriveKek('correct horse', new Uint8Array(16), { m: 4096, t: 3, p: 1 })).rejects.toMatchObject({ code: 'KDF_TOO_WEAK' });
  });

  it('derives the same key for the same password in either Unicode normal form', async () => {
    const salt = new Uint8Array(16).fill(7);
    const params = { m: 19456, t: 2, p: 1 };
    const composed = await deriveKek('caf\u00e9 au lait', salt, params);
    const decomposed = await deriveKek('cafe\u0301 au lait', salt, params);
    expect(bytesToHex(composed)).toBe(bytesToHex(decomposed));
    const other = await deriveKek('cafe au lait', salt, params);
    expect(bytesToHex(other)).not.toBe(bytesToHex(composed));
  });
});
