/**
 * Was this device removed? (docs/decisions/009-revoked-device-told-and-wiped.md). After its sign-in is
 * refused, a device is served its identity chain from its pinned position (shared/protocol/api/
 * removal.ts) and decides for itself, with the rules of shared/chains, from the entries it pinned:
 *
 * 1. the pinned entries validate from the genesis against the identity id (they were validated
 *    when pinned; this rebuilds the state from the stored bytes);
 * 2. the served page starts with the pinned last entry, byte for byte (else FORK: another chain);
 * 3. every served entry after it validates at the state just before it (signatures, hash links,
 *    who may append: shared/chains/identity-chain.ts), and the served head is the last entry's hash;
 * 4. only then, if the chain holds a revoke-device entry naming this device, the notice says who
 *    signed it (a trusted device of the identity, or the recovery kit: the recovery key itself or
 *    the device a restore with the kit enrolled, in the same run of entries) and the time it claims.
 *
 * A server cannot make a device wipe its vault: a made-up or unsigned revoke entry breaks rule 3,
 * a chain without one gives null, and either way the caller keeps its vault and its generic error.
 * Refuses (throws its code) a chain that does not verify; returns null when not revoked.
 */
import { keyOf } from '../chains/chain-link';
import { decodeEntry, entryHash } from '../chains/entry';
import { extendIdentityChain, validateIdentityChain } from '../chains/identity-chain';
import { equalBytes } from '../crypto/constant-time';
import { VaultError } from '../protocol/errors';
import { keyFingerprint } from '../protocol/key-fingerprint';
import type { ChainPage } from '../sync/engine/ports';

export interface RemovalNotice {
  /**
   * Who removed it: a device (its id and key fingerprint), or the recovery kit: the recovery key
   * signed the revoke entry, or the device the recovery key had just added signed it within the same
   * run of entries (a restore, DESIGN.md §7: add-device by the recovery key, then that device's
   * revoke-device entries); `device` is then the restored device.
   */
  readonly by:
    | { readonly kind: 'device'; readonly device: Uint8Array; readonly fingerprint: string }
    | { readonly kind: 'recovery'; readonly device?: Uint8Array; readonly fingerprint?: string };
  /** The time the entry claims (a claim, never checked). */
  readonly claimedAt: number;
  /** The seq of the revoke-device entry. */
  readonly seq: number;
}

/**
 * Check `served` (the chain from seq `pinned.length − 1`) against the `pinned` entries of identity
 * `identity`, and find the revocation of `device` in it.
 */
export function findOwnRevocation(identity: Uint8Array, pinned: readonly Uint8Array[], served: ChainPage, device: Uint8Array): RemovalNotice | null {
  const pinnedState = validateIdentityChain(pinned, identity);
  const [overlap, ...after] = served.entries;
  const pinnedLast = pinned[pinned.length - 1];
  if (overlap === undefined || pinnedLast === undefined || !equalBytes(overlap, pinnedLast)) {
    throw new VaultError('FORK', 'the served identity chain does not hold the pinned entry');
  }
  const state = extendIdentityChain(pinnedState, after);
  if (!equalBytes(entryHash(after[after.length - 1] ?? overlap), served.head)) throw new VaultError('FORK', "the server's head is not its last entry's hash");
  const record = state.devices.get(keyOf(device));
  if (record === undefined || record.revokedAt === null) return null;
  const all = [...pinned, ...after];
  const bytes = all[record.revokedAt];
  if (bytes === undefined) throw new VaultError('INTERNAL', 'the revocation is outside the chain');
  const { body } = decodeEntry(bytes);
  if (body.chain !== 'identity' || body.op !== 'revoke-device') throw new VaultError('INTERNAL', 'the revocation entry is not revoke-device');
  if (body.author.by === 'recovery') return { by: { kind: 'recovery' }, claimedAt: body.time, seq: record.revokedAt };
  const signer = state.devices.get(keyOf(body.author.id));
  if (signer === undefined) throw new VaultError('INTERNAL', 'the revoking device is not in the chain');
  if (signer.approvedBy?.by === 'recovery' && byRestoredDevice(all, signer.addedAt, record.revokedAt, signer.deviceId)) {
    return { by: { kind: 'recovery', device: signer.deviceId, fingerprint: keyFingerprint(signer.signingKey) }, claimedAt: body.time, seq: record.revokedAt };
  }
  return { by: { kind: 'device', device: signer.deviceId, fingerprint: keyFingerprint(signer.signingKey) }, claimedAt: body.time, seq: record.revokedAt };
}

/** True when every entry after the recovery key's add-device (at `addedAt`) up to `revokedAt` is signed by that new device. */
function byRestoredDevice(entries: readonly Uint8Array[], addedAt: number, revokedAt: number, device: Uint8Array): boolean {
  if (revokedAt <= addedAt) return false;
  for (let seq = addedAt + 1; seq <= revokedAt; seq += 1) {
    const { body } = decodeEntry(entries[seq] ?? new Uint8Array());
    if (body.author.by !== 'device' || !equalBytes(body.author.id, device)) return false;
  }
  return true;
}

/**
 * The whole check as a device runs it after a refused sign-in: fetch the chain from the pinned
 * position (through `fetchFrom`, e.g. shared/protocol/client/removal-check.ts) and look for this
 * device's revocation. Any failure (refused, offline, a chain that does not verify) is null: the
 * device keeps its vault and its generic error. Only a verified revocation is a notice.
 */
export async function confirmRemoval(
  fetchFrom: (from: number) => Promise<ChainPage>,
  identity: Uint8Array,
  pinned: readonly Uint8Array[],
  device: Uint8Array,
): Promise<RemovalNotice | null> {
  if (pinned.length === 0) return null;
  try {
    return findOwnRevocation(identity, pinned, await fetchFrom(pinned.length - 1), device);
  } catch {
    return null;
  }
}
