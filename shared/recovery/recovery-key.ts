/**
 * The recovery key a kit (kit.ts) stands for, and what it may do in the identity chain (DESIGN.md §7,
 * docs/chains.md): an Ed25519 key that may sign identity-chain entries and an X25519 key the user key
 * is sealed to (user-key-seal.ts).
 *
 *   signing seed    = HKDF-SHA-256(IKM = kit secret, salt = "", info = "recovery/v1 signing" ‖ fingerprint, 32)
 *   X25519 private  = HKDF-SHA-256(IKM = kit secret, salt = "", info = "recovery/v1 x25519" ‖ fingerprint, 32)
 * (RFC 5869; the fingerprint in `info` makes the keys of one secret differ per vault). The chain names
 * the recovery key by its Ed25519 public key, in `author.id` and in seals' `id`.
 *
 * Refuses a kit for another vault than the chain (FORK: the server shows another identity, or it is
 * another vault's kit); a kit that is not the chain's current recovery key: never set, replaced by a
 * newer kit or revoked (UNTRUSTED_WRITER, as the chain would refuse its signatures); a chain that
 * holds no seal of the current user key for it (UNTRUSTED_WRITER), or one that does not open
 * (DECRYPT_FAILED) or holds another key (KEY_COMMITMENT_MISMATCH).
 */
import { equalBytes } from '../crypto/constant-time';
import { signingKeyPairFromSeed, type SigningKeyPair } from '../crypto/ed25519';
import { hkdfSha256 } from '../crypto/hkdf';
import { x25519KeyPairFromPrivate, type X25519KeyPair } from '../crypto/x25519';
import { decodeEntry } from '../chains/entry';
import type { IdentityState } from '../chains/identity-chain';
import { VaultError } from '../protocol/errors';
import { openUserKey, sealUserKey, type UserKeyPair, type UserKeySealContext } from '../pairing/user-key-seal';
import type { RecoveryKit } from './kit';

export interface RecoveryKeys {
  readonly signing: SigningKeyPair;
  readonly x25519: X25519KeyPair;
}

const label = (text: string, fingerprint: Uint8Array): Uint8Array => new Uint8Array([...new TextEncoder().encode(text), ...fingerprint]);

/** The recovery key pairs of a kit. */
export function deriveRecoveryKeys(kit: RecoveryKit): RecoveryKeys {
  const empty = new Uint8Array(0);
  const seed = hkdfSha256(kit.secret, empty, label('recovery/v1 signing', kit.fingerprint), 32);
  const x25519 = hkdfSha256(kit.secret, empty, label('recovery/v1 x25519', kit.fingerprint), 32);
  return { signing: signingKeyPairFromSeed(seed), x25519: x25519KeyPairFromPrivate(x25519) };
}

/** The kit's keys, if it is the current recovery key of this validated identity chain. */
export function checkKit(kit: RecoveryKit, state: IdentityState): RecoveryKeys {
  if (!equalBytes(kit.fingerprint, state.identityId)) {
    throw new VaultError('FORK', 'this recovery kit belongs to another vault than this identity chain');
  }
  const keys = deriveRecoveryKeys(kit);
  const current = state.recoveryKey;
  if (current === null) throw new VaultError('UNTRUSTED_WRITER', 'this vault has no recovery key now: the kit was revoked');
  if (!equalBytes(current.signingKey, keys.signing.publicKey) || !equalBytes(current.x25519Key, keys.x25519.publicKey)) {
    throw new VaultError('UNTRUSTED_WRITER', "this kit is not the vault's current recovery kit: it was replaced by a newer one");
  }
  return keys;
}

/** The set-recovery-key entry's arguments for `kit`: its keys and the current user key sealed to it by `granter` (the entry's author). */
export async function setRecoveryKeyArgs(
  kit: RecoveryKit,
  state: IdentityState,
  userKey: UserKeyPair,
  granter: UserKeySealContext['granter'],
): Promise<{ signingKey: Uint8Array; x25519Key: Uint8Array; userKeySeal: Uint8Array }> {
  if (!equalBytes(kit.fingerprint, state.identityId)) throw new VaultError('BAD_INPUT', 'the kit is for another vault');
  if (userKey.generation !== state.userKey.generation || !equalBytes(userKey.publicKey, state.userKey.publicKey)) {
    throw new VaultError('BAD_INPUT', 'seal the current user-key generation');
  }
  const keys = deriveRecoveryKeys(kit);
  const userKeySeal = await sealUserKey(keys.x25519.publicKey, userKey.privateKey, {
    identity: state.identityId,
    generation: userKey.generation,
    recipient: { to: 'recovery', id: keys.signing.publicKey },
    granter,
  });
  return { signingKey: keys.signing.publicKey, x25519Key: keys.x25519.publicKey, userKeySeal };
}

interface FoundSeal {
  readonly sealed: Uint8Array;
  readonly generation: number;
  readonly granter: UserKeySealContext['granter'];
}

/** The last seal in the chain of a user key to the recovery key `signingKey`, and its generation. */
function lastSealTo(entries: readonly Uint8Array[], signingKey: Uint8Array): FoundSeal | undefined {
  let generation = 0;
  let found: FoundSeal | undefined;
  for (const bytes of entries) {
    const body = decodeEntry(bytes).body;
    if (body.chain !== 'identity') continue;
    const granter = { by: body.author.by, id: body.author.id };
    if (body.op === 'rotate-user-key') {
      generation = body.args.generation;
      const seal = body.args.seals.find((s) => s.to === 'recovery' && equalBytes(s.id, signingKey));
      if (seal) found = { sealed: seal.sealed, generation, granter };
    } else if (body.op === 'set-recovery-key' && equalBytes(body.args.signingKey, signingKey)) {
      found = { sealed: body.args.userKeySeal, generation, granter };
    }
  }
  return found;
}

/** Open the current user key with the kit, from the validated chain's entries (`state` is their state). */
export async function openUserKeyWithKit(kit: RecoveryKit, entries: readonly Uint8Array[], state: IdentityState): Promise<UserKeyPair> {
  const keys = checkKit(kit, state);
  const found = lastSealTo(entries, keys.signing.publicKey);
  if (found === undefined || found.generation !== state.userKey.generation) {
    throw new VaultError('UNTRUSTED_WRITER', 'the identity chain holds no copy of the current user key for this kit');
  }
  const context = { identity: state.identityId, generation: found.generation, recipient: { to: 'recovery' as const, id: keys.signing.publicKey }, granter: found.granter };
  return openUserKey(keys.x25519.privateKey, found.sealed, context, state.userKey.publicKey);
}
