import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32, crc32Suffix } from './crc32';
import { CRC32_VECTORS } from './vectors/crc-catalogue-crc32';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('CRC-32 (ISO-HDLC, as in zlib)', () => {
  it.each(CRC32_VECTORS)('gives $crc for "$input"', ({ input, crc }) => {
    expect(crc32(ascii(input)).toString(16).padStart(8, '0')).toBe(crc);
  });

  it('appends little-endian so that message ‖ CRC has the constant residue 0x2144DF1C', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const word = new Uint8Array([...bytes, ...crc32Suffix(bytes)]);
        expect(crc32(word)).toBe(0x2144df1c);
      }),
    );
  });

  it('detects every error confined to 32 consecutive bits of message ‖ CRC', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 60 }),
        fc.nat(),
        fc.integer({ min: 1, max: 0xffffffff }),
        (bytes, at, pattern) => {
          const word = new Uint8Array([...bytes, ...crc32Suffix(bytes)]);
          const bit = at % (word.length * 8);
          const damaged = word.slice();
          for (let i = 0; i < 32; i++) {
            if (((pattern >>> i) & 1) === 0) continue;
            const position = bit + i;
            if (position >= damaged.length * 8) continue;
            damaged[position >> 3] = (damaged[position >> 3] ?? 0) ^ (1 << (position & 7));
          }
          fc.pre(!damaged.every((b, i) => b === word[i]));
          expect(crc32(damaged)).not.toBe(0x2144df1c);
        },
      ),
    );
  });
});
