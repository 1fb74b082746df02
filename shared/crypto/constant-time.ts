/**
 * Constant-time byte comparison, for secrets and values derived from secrets (MACs, key
 * commitments, codes compared against secrets).
 *
 * The running time depends only on the lengths, never on where the first difference is. Lengths are
 * treated as public: inputs of different lengths return false at once.
 *
 * Refuses: nothing; any two byte arrays compare.
 */

/** True when `a` and `b` hold the same bytes; time depends only on the lengths. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  }
  return diff === 0;
}
