import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { EFF_LARGE_WORDLIST } from './eff-large';

/** The dice roll that selects word `index`: five base-6 digits, each 1..6. */
function diceRoll(index: number): string {
  return index.toString(6).padStart(5, '0').replace(/\d/g, (d) => String(Number(d) + 1));
}

describe('EFF large wordlist', () => {
  it('is byte for byte the published eff_large_wordlist.txt (SHA-256 addd3553…903e)', () => {
    const text = EFF_LARGE_WORDLIST.map((word, i) => `${diceRoll(i)}\t${word}\n`).join('');
    expect(bytesToHex(sha256(new TextEncoder().encode(text)))).toBe('addd35536511597a02fa0a9ff1e5284677b8883b83e986e43f15a3db996b903e');
  });

  it('holds 7,776 distinct lowercase words', () => {
    expect(EFF_LARGE_WORDLIST).toHaveLength(7776);
    expect(new Set(EFF_LARGE_WORDLIST).size).toBe(7776);
    for (const word of EFF_LARGE_WORDLIST) expect(word).toMatch(/^[a-z]+(-[a-z]+)?$/);
  });
});
