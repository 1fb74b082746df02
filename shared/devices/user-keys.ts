/**
 * The user-key generations a device can open from its identity chain (DESIGN.md §5): the
 * generation current when its add-device entry was appended (that entry's `userKeySeal`), and every
 * later generation whose rotate-user-key entry seals to it. A device that joined (pairing), was
 * added by the recovery key, or survived a revocation learns its keys this way after a restart, so
 * a rotation appended by another device (or by itself before a crash) is never lost.
 *
 * Seals are opened with the info of shared/pairing/user-key-seal.ts (identity, generation,
 * recipient = this device, granter = the entry's author) and checked against the generation's
 * public key in the chain. The entries must be a chain already validated into `state`.
 * Refuses: a seal to this device that does not open (DECRYPT_FAILED) or holds another key
 * (KEY_COMMITMENT_MISMATCH): the chain says this device holds that generation, so it must.
 */
import { equalBytes } from '../crypto/constant-time';
import { decodeEntry } from '../chains/entry';
import type { IdentityState } from '../chains/identity-chain';
import { openUserKey, type UserKeyPair, type UserKeySealContext } from '../pairing/user-key-seal';
import { VaultError } from '../protocol/errors';

/** The device's id and X25519 private key (the recipient of user-key seals). */
export interface SealRecipient {
  readonly deviceId: Uint8Array;
  readonly x25519Private: Uint8Array;
}

interface FoundSeal {
  readonly generation: number;
  readonly sealed: Uint8Array;
  readonly granter: UserKeySealContext['granter'];
}

function sealsTo(entries: readonly Uint8Array[], deviceId: Uint8Array): FoundSeal[] {
  const found: FoundSeal[] = [];
  let generation = 0;
  for (const bytes of entries) {
    const body = decodeEntry(bytes).body;
    if (body.chain !== 'identity') throw new VaultError('BAD_CHAIN', 'not an identity chain entry');
    const granter = { by: body.author.by, id: body.author.id };
    if (body.op === 'add-device' && equalBytes(body.args.deviceId, deviceId)) {
      found.push({ generation, sealed: body.args.userKeySeal, granter });
    } else if (body.op === 'rotate-user-key') {
      generation = body.args.generation;
      const seal = body.args.seals.find((s) => s.to === 'device' && equalBytes(s.id, deviceId));
      if (seal !== undefined) found.push({ generation, sealed: seal.sealed, granter });
    }
  }
  return found;
}

/** Every user-key generation sealed to this device in the validated chain `entries` (state `state`), oldest first. */
export async function openUserKeysForDevice(entries: readonly Uint8Array[], state: IdentityState, device: SealRecipient): Promise<UserKeyPair[]> {
  const keys: UserKeyPair[] = [];
  for (const seal of sealsTo(entries, device.deviceId)) {
    const record = state.userKeyHistory[seal.generation];
    if (record === undefined) throw new VaultError('BAD_CHAIN', `user-key generation ${seal.generation} is not in the chain`);
    const context: UserKeySealContext = {
      identity: state.identityId,
      generation: seal.generation,
      recipient: { to: 'device', id: device.deviceId },
      granter: seal.granter,
    };
    keys.push(await openUserKey(device.x25519Private, seal.sealed, context, record.publicKey));
  }
  return keys;
}
