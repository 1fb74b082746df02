/**
 * Registering a recovery kit that was made earlier (DESIGN.md §7), from its public keys only: the
 * set-recovery-key entry with the current user key sealed to the kit's X25519 key (user-key-seal.ts,
 * the same seal `setRecoveryKeyArgs` makes from the kit). The extension keeps these public keys,
 * never the kit's secret, between the moment the person confirmed the kit and the moment the vault
 * is connected to a server (docs/recovery-ui.md "A kit before sync").
 *
 * Refuses: keys of the wrong length and a user key that is not the chain's current generation
 * (BAD_INPUT); the entry is checked by appendIdentityEntry like any other.
 */
import type { IdentityOp } from '../chains/entry';
import type { IdentityState } from '../chains/identity-chain';
import { equalBytes } from '../crypto/constant-time';
import { VaultError } from '../protocol/errors';
import { sealUserKey, type UserKeyPair, type UserKeySealContext } from '../pairing/user-key-seal';
import type { RecoveryKeys } from './recovery-key';

export interface RecoveryPublicKeys {
  readonly signingKey: Uint8Array;
  readonly x25519Key: Uint8Array;
}

export type SetRecoveryKeyOp = Extract<IdentityOp, { op: 'set-recovery-key' }>;

/** The public half of a kit's keys (recovery-key.ts `deriveRecoveryKeys`). */
export function recoveryPublicKeys(keys: RecoveryKeys): RecoveryPublicKeys {
  return { signingKey: new Uint8Array(keys.signing.publicKey), x25519Key: new Uint8Array(keys.x25519.publicKey) };
}

/** Whether `keys` are the chain's current recovery key. */
export function isCurrentRecoveryKey(state: IdentityState, keys: RecoveryPublicKeys): boolean {
  const current = state.recoveryKey;
  return current !== null && equalBytes(current.signingKey, keys.signingKey) && equalBytes(current.x25519Key, keys.x25519Key);
}

/** The set-recovery-key op for `keys` on `state`, with the current user key sealed to them by `granter`. */
export async function setRecoveryKeyOp(
  keys: RecoveryPublicKeys,
  state: IdentityState,
  userKey: UserKeyPair,
  granter: UserKeySealContext['granter'],
): Promise<SetRecoveryKeyOp> {
  if (keys.signingKey.length !== 32 || keys.x25519Key.length !== 32) throw new VaultError('BAD_INPUT', 'recovery keys are 32 bytes each');
  if (userKey.generation !== state.userKey.generation || !equalBytes(userKey.publicKey, state.userKey.publicKey)) {
    throw new VaultError('BAD_INPUT', 'seal the current user-key generation');
  }
  const userKeySeal = await sealUserKey(keys.x25519Key, userKey.privateKey, {
    identity: state.identityId,
    generation: userKey.generation,
    recipient: { to: 'recovery', id: keys.signingKey },
    granter,
  });
  return { op: 'set-recovery-key', args: { signingKey: keys.signingKey, x25519Key: keys.x25519Key, userKeySeal } };
}
