import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CROCKFORD_ALPHABET, toCrockford } from '../crypto/base32-crockford';
import { crc32Suffix } from '../crypto/crc32';
import { randomBytes } from '../crypto/random';
import { VaultError, type ErrorCode } from '../protocol/errors';
import { createRecoveryKit, KIT_BYTES_LENGTH, kitFromBytes, kitFromText, kitToBytes, kitToText } from './kit';

function codeOf(run: () => unknown): ErrorCode | 'accepted' {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (error instanceof VaultError) return error.code;
    throw error;
  }
}

/** Crockford value of a character (after the look-alike mapping). */
const valueOf = (c: string): number => CROCKFORD_ALPHABET.indexOf(c.toUpperCase().replace(/[IL]/, '1').replace('O', '0'));

describe('recovery kit (text and bytes)', () => {
  it('round-trips through text and bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (fingerprint) => {
        const kit = createRecoveryKit(fingerprint);
        expect(kitFromText(kitToText(kit))).toEqual(kit);
        expect(kitFromBytes(kitToBytes(kit))).toEqual(kit);
        expect(kit.secret).toHaveLength(16);
      }),
    );
  });

  it('prints 17 groups of 5 characters from an alphabet without I, L, O, U', () => {
    const text = kitToText(createRecoveryKit(randomBytes(32)));
    expect(text).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){16}[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(kitToBytes(createRecoveryKit(randomBytes(32)))).toHaveLength(KIT_BYTES_LENGTH);
  });

  it('reads a kit typed the way people type: lower case, spaces, no hyphens, O for 0 and l for 1', () => {
    const kit = createRecoveryKit(randomBytes(32));
    const text = kitToText(kit);
    expect(kitFromText(text.toLowerCase())).toEqual(kit);
    expect(kitFromText(text.replaceAll('-', ' '))).toEqual(kit);
    expect(kitFromText(`  ${text.replaceAll('-', '')}\n`)).toEqual(kit);
    expect(kitFromText(text.replaceAll('0', 'O').replaceAll('1', 'l'))).toEqual(kit);
  });

  it('refuses every mistyped character at every position (a character of another value)', () => {
    const text = kitToText(createRecoveryKit(randomBytes(32))).replaceAll('-', '');
    let tried = 0;
    for (let i = 0; i < text.length; i++) {
      for (const c of [...CROCKFORD_ALPHABET, 'U', '*', 'é']) {
        if (valueOf(c) === valueOf(text[i] ?? '')) continue;
        const typo = text.slice(0, i) + c + text.slice(i + 1);
        const code = codeOf(() => kitFromText(typo));
        expect(code, `position ${i} → ${c}`).toBe('BAD_ENCODING');
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(85 * 30);
  });

  it('refuses every swap of two neighbouring characters, and any dropped or extra character', () => {
    const text = kitToText(createRecoveryKit(randomBytes(32))).replaceAll('-', '');
    for (let i = 0; i + 1 < text.length; i++) {
      if (text[i] === text[i + 1]) continue;
      const swapped = text.slice(0, i) + (text[i + 1] ?? '') + (text[i] ?? '') + text.slice(i + 2);
      expect(codeOf(() => kitFromText(swapped)), `swap at ${i}`).toBe('BAD_ENCODING');
    }
    for (let i = 0; i < text.length; i++) {
      expect(codeOf(() => kitFromText(text.slice(0, i) + text.slice(i + 1)))).toBe('BAD_ENCODING');
      expect(codeOf(() => kitFromText(text.slice(0, i) + 'Q' + text.slice(i)))).toBe('BAD_ENCODING');
    }
  });

  it('says the kit is mistyped when the checksum fails, and refuses another version', () => {
    const bytes = kitToBytes(createRecoveryKit(randomBytes(32)));
    const damaged = bytes.slice();
    damaged[10] = (damaged[10] ?? 0) ^ 1;
    expect(() => kitFromBytes(damaged)).toThrow(/mistyped/);
    const v2 = new Uint8Array([2, ...bytes.subarray(1, 49)]);
    const text = toCrockford(new Uint8Array([...v2, ...crc32Suffix(v2)]));
    expect(codeOf(() => kitFromText(text))).toBe('UNKNOWN_VERSION');
    expect(codeOf(() => kitFromBytes(bytes.subarray(0, 52)))).toBe('BAD_ENCODING');
    expect(codeOf(() => createRecoveryKit(randomBytes(16)))).toBe('BAD_INPUT');
  });
});
