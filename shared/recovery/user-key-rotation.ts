/**
 * A new user-key generation (DESIGN.md §5): the rotate-user-key entry's arguments, with the new
 * private user key HPKE-sealed (user-key-seal.ts) to exactly the recipients the identity chain
 * requires (docs/chains.md rule 5): every trusted device and the current recovery key, if one is set.
 * Used after a revocation and whenever the recovery kit is replaced (recovery, a new kit), because
 * whoever was removed may hold the current user key.
 *
 * Refuses nothing itself; the entry is checked by appendIdentityEntry (shared/chains/append.ts) like
 * any other, so a seal missing or addressed to a revoked device is refused there (BAD_CHAIN).
 */
import { generateX25519KeyPair } from '../crypto/x25519';
import type { IdentityOp } from '../chains/entry';
import { trustedDevices, type IdentityState } from '../chains/identity-chain';
import { sealUserKey, type UserKeyPair, type UserKeySealContext } from '../pairing/user-key-seal';

export type RotateUserKeyOp = Extract<IdentityOp, { op: 'rotate-user-key' }>;

/** A fresh user key and the rotate-user-key op that introduces it, authored by `granter`. */
export async function rotateUserKeyOp(state: IdentityState, granter: UserKeySealContext['granter']): Promise<{ op: RotateUserKeyOp; userKey: UserKeyPair }> {
  const fresh = generateX25519KeyPair();
  const generation = state.userKey.generation + 1;
  const context = (recipient: UserKeySealContext['recipient']): UserKeySealContext => ({ identity: state.identityId, generation, recipient, granter });
  const seals = await Promise.all(
    trustedDevices(state).map(async (device) => ({
      to: 'device',
      id: device.deviceId,
      sealed: await sealUserKey(device.x25519Key, fresh.privateKey, context({ to: 'device', id: device.deviceId })),
    })),
  );
  const recovery = state.recoveryKey;
  if (recovery !== null) {
    const sealed = await sealUserKey(recovery.x25519Key, fresh.privateKey, context({ to: 'recovery', id: recovery.signingKey }));
    seals.push({ to: 'recovery', id: recovery.signingKey, sealed });
  }
  return {
    op: { op: 'rotate-user-key', args: { generation, userKey: fresh.publicKey, seals } },
    userKey: { generation, privateKey: fresh.privateKey, publicKey: fresh.publicKey },
  };
}
