/**
 * Short authentication string (DESIGN.md §7): six decimal digits both devices compute from the
 * transcript hash (transcript.ts), which covers both devices' public keys and both nonces. Because
 * the new device committed to its nonce before the trusted device revealed its own, neither side, nor
 * anyone in between holding the invite secret, can steer the code: a substituted key gives matching
 * codes with probability 10^-6.
 *
 *   code = decimal(uint40(first 5 bytes of SHA-256(CBOR { kind: "pair-sas", v: 1, transcript }))
 *                  mod 10^6), zero-padded to 6 digits
 *
 * The new device shows its code; the trusted device shows three candidates, the real one and two
 * random decoys in random order, and the user picks the one the new device shows: a forced choice
 * rather than a "they match" button that can be pressed without looking.
 *
 * Refuses: nothing (a transcript hash is 32 bytes by construction).
 */
import { encodeVersioned } from '../crypto/cbor-versioned';
import { sha256 } from '../crypto/hash';
import { randomBytes } from '../crypto/random';

export const SAS_DIGITS = 6;
const MODULUS = 10 ** SAS_DIGITS;
export const SAS_CANDIDATES = 3;
const SAS_SCHEMA = { kind: 'pair-sas', version: 1, fields: { transcript: 'bytes' } } as const;

function format(value: number): string {
  return value.toString().padStart(SAS_DIGITS, '0');
}

/** The code for a transcript hash. The 40-bit draw makes the bias of the reduction below 10^-6. */
export function sasCode(transcript: Uint8Array): string {
  const digest = sha256(encodeVersioned(SAS_SCHEMA, { transcript }));
  let value = 0;
  for (const byte of digest.subarray(0, 5)) value = value * 256 + byte;
  return format(value % MODULUS);
}

/** A uniform integer in [0, bound) from the CSPRNG (rejection sampling on 32-bit draws). */
function uniform(bound: number): number {
  const limit = Math.floor(2 ** 32 / bound) * bound;
  for (;;) {
    const [a = 0, b = 0, c = 0, d = 0] = randomBytes(4);
    const value = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
    if (value < limit) return value % bound;
  }
}

/** The real code and two distinct random decoys, shuffled. */
export function sasCandidates(real: string): string[] {
  const codes = new Set([real]);
  while (codes.size < SAS_CANDIDATES) codes.add(format(uniform(MODULUS)));
  const list = [...codes];
  for (let i = list.length - 1; i > 0; i--) {
    const j = uniform(i + 1);
    [list[i], list[j]] = [list[j] as string, list[i] as string];
  }
  return list;
}
