/**
 * Recovery from a fresh browser (DESIGN.md §7): with only the recovery kit and the identity chain the
 * server serves, plan the identity-chain entries that give the person their vault back and shut
 * everyone else out. The entries are signed here, each on the previous one's head, so the caller
 * appends them in order (compare-and-swap) and can resend the same bytes after a crash.
 *
 *   0. validate the chain against the kit's fingerprint (FORK: another vault, or a substituted
 *      genesis), check the kit is the current recovery key and open the current user key with it;
 *   1. add-device for a fresh device, signed by the RECOVERY KEY (the only entry only it can sign;
 *      the chain rules keep at least one trusted device, so the new one comes before the revokes);
 *   2. revoke-device for every other trusted device (by default all; `keep` spares some), signed by
 *      the new device;
 *   3. set-recovery-key for a NEW kit, then rotate-user-key sealed to the remaining devices and the
 *      new kit only (new-kit.ts), signed by the new device.
 * The recovery key signs once, so one alert names it (identity state `recoverySignedAt`); every later
 * entry is by a device, as entries normally are (DESIGN.md §5). Rotating the collections to the new
 * user-key generation follows, by the new device, in the collection chains (shared/sync's rotation).
 *
 * Refuses: FORK, UNTRUSTED_WRITER (a revoked or replaced kit), DECRYPT_FAILED and
 * KEY_COMMITMENT_MISMATCH from recovery-key.ts; a `keep` naming a device that is not trusted
 * (BAD_INPUT); any chain rule (appendIdentityEntry).
 */
import { generateSigningKeyPair } from '../crypto/ed25519';
import { randomBytes } from '../crypto/random';
import { generateX25519KeyPair } from '../crypto/x25519';
import { appendIdentityEntry, type Appended, type IdentitySigner } from '../chains/append';
import { keyOf } from '../chains/chain-link';
import { DEVICE_ID_LENGTH } from '../chains/entry';
import { trustedDevices, validateIdentityChain, type IdentityState } from '../chains/identity-chain';
import { VaultError } from '../protocol/errors';
import type { NewDeviceKeys } from '../pairing/new-side';
import { sealUserKey, type UserKeyPair } from '../pairing/user-key-seal';
import type { RecoveryKit } from './kit';
import { planNewKit } from './new-kit';
import { deriveRecoveryKeys, openUserKeyWithKit } from './recovery-key';

export interface RecoveryInput {
  /** The identity chain as the server served it, from the genesis. */
  readonly entries: readonly Uint8Array[];
  readonly kit: RecoveryKit;
  /** Device ids to leave trusted (default: none, every other device is revoked). */
  readonly keep?: readonly Uint8Array[];
  /** The time the entries claim. */
  readonly time?: number;
}

export interface RecoveryPlan {
  /** This browser's new device keys (secret): seal them into its bundle before appending. */
  readonly device: NewDeviceKeys;
  /** Signed entries to append in this order. */
  readonly entries: readonly Appended<IdentityState>[];
  /** The identity chain after the last entry. */
  readonly state: IdentityState;
  /** The user key the kit opened, then the new generation: the device keeps both. */
  readonly userKeys: readonly UserKeyPair[];
  /** The new kit to show once; the old one stops working when the entries are appended. */
  readonly kit: RecoveryKit;
  readonly revoked: readonly Uint8Array[];
}

function freshDevice(): NewDeviceKeys {
  const signing = generateSigningKeyPair();
  const x25519 = generateX25519KeyPair();
  return { deviceId: randomBytes(DEVICE_ID_LENGTH), seed: signing.seed, signingKey: signing.publicKey, x25519Private: x25519.privateKey, x25519Key: x25519.publicKey };
}

/** Step 1: the recovery key enrolls the new device and hands it the current user key. */
async function addDevice(state: IdentityState, kit: RecoveryKit, device: NewDeviceKeys, userKey: UserKeyPair, time: number): Promise<Appended<IdentityState>> {
  const recovery = deriveRecoveryKeys(kit).signing;
  const signer: IdentitySigner = { by: 'recovery', id: recovery.publicKey, seed: recovery.seed };
  const userKeySeal = await sealUserKey(device.x25519Key, userKey.privateKey, {
    identity: state.identityId,
    generation: userKey.generation,
    recipient: { to: 'device', id: device.deviceId },
    granter: { by: 'recovery', id: recovery.publicKey },
  });
  const args = { deviceId: device.deviceId, signingKey: device.signingKey, x25519Key: device.x25519Key, userKeySeal };
  return appendIdentityEntry(state, state.head, signer, { op: 'add-device', args }, time);
}

/** Plan the recovery; nothing is sent. */
export async function planRecovery(input: RecoveryInput): Promise<RecoveryPlan> {
  const time = input.time ?? Date.now();
  const start = validateIdentityChain(input.entries, input.kit.fingerprint);
  const userKey = await openUserKeyWithKit(input.kit, input.entries, start);
  const trusted = new Set(trustedDevices(start).map((d) => keyOf(d.deviceId)));
  const keep = new Set((input.keep ?? []).map(keyOf));
  for (const id of keep) if (!trusted.has(id)) throw new VaultError('BAD_INPUT', `device ${id} is not trusted: it cannot be kept`);

  const device = freshDevice();
  const added = await addDevice(start, input.kit, device, userKey, time);
  const signer: IdentitySigner = { by: 'device', id: device.deviceId, seed: device.seed };
  const entries: Appended<IdentityState>[] = [added];
  const revoked: Uint8Array[] = [];
  let state = added.state;
  for (const other of trustedDevices(start)) {
    if (keep.has(keyOf(other.deviceId))) continue;
    const revoke = appendIdentityEntry(state, state.head, signer, { op: 'revoke-device', args: { deviceId: other.deviceId } }, time);
    entries.push(revoke);
    revoked.push(other.deviceId);
    state = revoke.state;
  }
  const newKit = await planNewKit(state, signer, userKey, time);
  return {
    device,
    entries: [...entries, ...newKit.entries],
    state: newKit.state,
    userKeys: newKit.userKey.generation === userKey.generation ? [userKey] : [userKey, newKit.userKey],
    kit: newKit.kit,
    revoked,
  };
}
