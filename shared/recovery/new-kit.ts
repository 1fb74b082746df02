/**
 * Making a new recovery kit (DESIGN.md §7: "require a new kit"; "let users regenerate the kit
 * (revokes the old one, rotates keys)"), as identity-chain entries signed by a trusted device or, in
 * recovery, the device the recovery just enrolled:
 *   1. set-recovery-key for the new kit, carrying the current user key sealed to it;
 *   2. rotate-user-key, when the chain says a rotation is due (docs/chains.md rule 7: always when an
 *      older kit is replaced, and after any revocation), sealed to the devices and the NEW kit only,
 *      so an old or leaked kit opens nothing written afterwards.
 * The kit comes first so that the rotation never seals to the recovery key being replaced.
 *
 * Refuses what appendIdentityEntry refuses (CONFLICT on a moved head, UNTRUSTED_WRITER, BAD_CHAIN)
 * and a user key that is not the current generation (BAD_INPUT).
 */
import { appendIdentityEntry, type Appended, type IdentitySigner } from '../chains/append';
import type { IdentityState } from '../chains/identity-chain';
import type { UserKeyPair } from '../pairing/user-key-seal';
import { createRecoveryKit, type RecoveryKit } from './kit';
import { setRecoveryKeyArgs } from './recovery-key';
import { rotateUserKeyOp } from './user-key-rotation';

export interface NewKitPlan {
  readonly kit: RecoveryKit;
  /** The signed entries, in order, each on the previous one's head. */
  readonly entries: readonly Appended<IdentityState>[];
  /** The user key after the plan: a new generation when it rotated, else the one given. */
  readonly userKey: UserKeyPair;
  readonly state: IdentityState;
}

/** Entries that replace (or set a first) recovery kit on `state`, signed by `signer`. */
export async function planNewKit(state: IdentityState, signer: IdentitySigner, userKey: UserKeyPair, time: number = Date.now()): Promise<NewKitPlan> {
  const kit = createRecoveryKit(state.identityId);
  const granter = { by: signer.by, id: signer.id };
  const args = await setRecoveryKeyArgs(kit, state, userKey, granter);
  const set = appendIdentityEntry(state, state.head, signer, { op: 'set-recovery-key', args }, time);
  if (!set.state.userKeyRotationDue) return { kit, entries: [set], userKey, state: set.state };
  const rotation = await rotateUserKeyOp(set.state, granter);
  const rotated = appendIdentityEntry(set.state, set.state.head, signer, rotation.op, time);
  return { kit, entries: [set, rotated], userKey: rotation.userKey, state: rotated.state };
}
