/**
 * Confirming that a person wrote the recovery kit down (DESIGN.md §7 "shown once"; docs/recovery-ui.md):
 * the kit text (kit.ts) is 17 groups of 5 characters; the person retypes two groups picked at
 * random, read off what they saved, before the kit counts as made. Comparison forgives what kit
 * decoding forgives (case, spaces, hyphens, I and L for 1, O for 0), nothing more.
 *
 * Refuses: indices outside the kit or the same twice (BAD_INPUT); an answer that is not the group
 * (BAD_ENCODING, with which group was wrong, so the person can look again).
 */
import { VaultError } from '../protocol/errors';

export const KIT_GROUPS = 17;
export const CONFIRM_GROUPS = 2;

/** The groups of a kit text, normalised. */
export function kitGroups(text: string): string[] {
  return text.split('-').map(normaliseGroup);
}

/** Upper case, no spaces or hyphens, I/L read as 1 and O as 0 (Crockford's decoding rules). */
export function normaliseGroup(group: string): string {
  return group.replace(/[\s-]/g, '').toUpperCase().replace(/[IL]/g, '1').replace(/O/g, '0');
}

/** Two distinct group indices in [0, 17), in increasing order; `random` returns [0, 1). */
export function pickConfirmGroups(random: () => number): [number, number] {
  const first = Math.floor(random() * KIT_GROUPS) % KIT_GROUPS;
  let second = Math.floor(random() * (KIT_GROUPS - 1)) % (KIT_GROUPS - 1);
  if (second >= first) second += 1;
  return first < second ? [first, second] : [second, first];
}

/** Check the retyped groups `answers` (in the order of `indices`) against the kit text. */
export function checkConfirmGroups(kitText: string, indices: readonly number[], answers: readonly string[]): void {
  const groups = kitGroups(kitText);
  if (indices.length !== CONFIRM_GROUPS || answers.length !== CONFIRM_GROUPS || new Set(indices).size !== CONFIRM_GROUPS) {
    throw new VaultError('BAD_INPUT', `retype ${CONFIRM_GROUPS} different groups`);
  }
  indices.forEach((index, n) => {
    const group = groups[index];
    if (!Number.isInteger(index) || group === undefined) throw new VaultError('BAD_INPUT', `the kit has no group ${index + 1}`);
    if (normaliseGroup(answers[n] ?? '') !== group) throw new VaultError('BAD_ENCODING', `group ${index + 1} does not match the kit`);
  });
}
