/**
 * Sealing a collection key to a member's user key (DESIGN.md §4 "Sealing a key to a public key",
 * §5): HPKE base mode (RFC 9180, crypto/hpke.ts) with an `info` that binds what the key is for,
 * as canonical CBOR (RFC 8949 §4.2.1):
 *   { kind: "collection-key-seal", v: 1, collection: bytes(16), epoch: uint,
 *     recipient: bytes(32), generation: uint, granter: bytes(32) }
 * (purpose = the kind; the recipient identity and its user-key generation; the granting identity).
 * A seal moved to another collection, epoch, recipient, generation or granter does not open. The
 * opener checks the key against the collection chain's key commitment (crypto/key-commitment.ts).
 *
 * Refuses: what hpke.ts refuses (BAD_INPUT on seal, DECRYPT_FAILED on open), and a key that does
 * not match its commitment (KEY_COMMITMENT_MISMATCH).
 */
import { encodeVersioned } from '../../crypto/cbor-versioned';
import { openKey, sealKey } from '../../crypto/hpke';
import { checkKeyCommitment } from '../../crypto/key-commitment';

const INFO_SCHEMA = {
  kind: 'collection-key-seal',
  version: 1,
  fields: { collection: 'bytes', epoch: 'uint', recipient: 'bytes', generation: 'uint', granter: 'bytes' },
} as const;

export interface SealInfo {
  readonly collection: Uint8Array;
  readonly epoch: number;
  readonly recipient: Uint8Array;
  readonly generation: number;
  readonly granter: Uint8Array;
}

/** The HPKE info of a collection-key seal. */
export function collectionSealInfo(info: SealInfo): Uint8Array {
  return encodeVersioned(INFO_SCHEMA, { ...info });
}

/** Seal `key` to the recipient's user public key of `info.generation`: 80 bytes. */
export function sealCollectionKey(userPublicKey: Uint8Array, key: Uint8Array, info: SealInfo): Promise<Uint8Array> {
  return sealKey(userPublicKey, key, collectionSealInfo(info));
}

/** Open a collection-key seal with the user private key and check it against the chain's commitment. */
export async function openCollectionKey(userPrivateKey: Uint8Array, sealed: Uint8Array, info: SealInfo, commitment: Uint8Array): Promise<Uint8Array> {
  const key = await openKey(userPrivateKey, sealed, collectionSealInfo(info));
  checkKeyCommitment(key, commitment);
  return key;
}
