/**
 * The user key sealed to one recipient (DESIGN.md §4, §5): the private half of a user-key generation,
 * HPKE-sealed (RFC 9180 base mode, hpke.ts) to a device's X25519 key or to the recovery key, as
 * carried by add-device, set-recovery-key and rotate-user-key entries (docs/formats.md §12).
 *
 *   info = canonical CBOR { kind: "user-key-seal", v: 1,
 *                           identity: bytes(32),                    the identity id
 *                           generation: uint,                       the user-key generation sealed
 *                           recipient: { to: "device" | "recovery", id: bytes },
 *                           granter:   { by: "device" | "recovery", id: bytes } }
 * `recipient.id` is a device id (16) or the recovery key's Ed25519 public key (32), as the entry names
 * it; `granter` is the author of the entry that carries the seal. A seal moved to another identity,
 * generation, recipient or entry author does not open.
 *
 * Opening refuses: a seal that does not open under that info (DECRYPT_FAILED); a key whose public
 * half is not the generation's public key in the identity chain (KEY_COMMITMENT_MISMATCH), since
 * HPKE, like any AEAD here, does not commit to what it carries.
 */
import { encodeVersioned } from '../crypto/cbor-versioned';
import { equalBytes } from '../crypto/constant-time';
import { openKey, sealKey } from '../crypto/hpke';
import { x25519PublicKey } from '../crypto/x25519';
import { VaultError } from '../protocol/errors';

const INFO_SCHEMA = {
  kind: 'user-key-seal',
  version: 1,
  fields: {
    identity: 'bytes',
    generation: 'uint',
    recipient: { map: { to: 'text', id: 'bytes' } },
    granter: { map: { by: 'text', id: 'bytes' } },
  },
} as const;

export interface UserKeySealContext {
  readonly identity: Uint8Array;
  readonly generation: number;
  readonly recipient: { readonly to: 'device' | 'recovery'; readonly id: Uint8Array };
  readonly granter: { readonly by: 'device' | 'recovery'; readonly id: Uint8Array };
}

/** A user-key generation's key pair as a device holds it. */
export interface UserKeyPair {
  readonly generation: number;
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** The HPKE info of a user-key seal. */
export function userKeySealInfo(context: UserKeySealContext): Uint8Array {
  return encodeVersioned(INFO_SCHEMA, {
    identity: context.identity,
    generation: context.generation,
    recipient: { to: context.recipient.to, id: context.recipient.id },
    granter: { by: context.granter.by, id: context.granter.id },
  });
}

/** Seal the private user key to `recipientX25519Key`; 80 bytes. */
export function sealUserKey(recipientX25519Key: Uint8Array, userPrivateKey: Uint8Array, context: UserKeySealContext): Promise<Uint8Array> {
  return sealKey(recipientX25519Key, userPrivateKey, userKeySealInfo(context));
}

/** Open a user-key seal and check it holds the generation's `publicKey`. */
export async function openUserKey(
  recipientPrivateKey: Uint8Array,
  sealed: Uint8Array,
  context: UserKeySealContext,
  publicKey: Uint8Array,
): Promise<UserKeyPair> {
  const privateKey = await openKey(recipientPrivateKey, sealed, userKeySealInfo(context));
  if (!equalBytes(x25519PublicKey(privateKey), publicKey)) {
    privateKey.fill(0);
    throw new VaultError('KEY_COMMITMENT_MISMATCH', `the sealed user key is not generation ${context.generation}'s public key`);
  }
  return { generation: context.generation, privateKey, publicKey: new Uint8Array(publicKey) };
}
