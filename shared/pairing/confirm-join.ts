/**
 * The new device's last pairing check (DESIGN.md §7): once the approval is accepted (new-side.ts)
 * and the identity chain is fetched from the server, the chain must be the one the trusted device
 * pinned. This is the automatic comparison of state the design asks pairing to make: the server
 * cannot show the new device another vault, an older chain, or a branch without its add-device.
 *
 * Refuses: a chain whose genesis is not the invite's fingerprint (FORK); one shorter than the pinned
 * head (ROLLBACK) or holding another entry there (FORK); any broken chain rule (docs/chains.md codes);
 * a chain in which this device is no longer trusted (UNTRUSTED_WRITER); an approver whose key differs
 * from the one that signed the approval, or a user-key generation whose public key differs (FORK).
 */
import { equalBytes } from '../crypto/constant-time';
import { checkExtendsPinned, keyOf } from '../chains/chain-link';
import { deviceTrustedAt, validateIdentityChain, type IdentityState } from '../chains/identity-chain';
import { VaultError } from '../protocol/errors';
import type { JoinedDevice } from './new-side';

/** Validate the served identity chain against what the approval pinned; returns its state. */
export function confirmJoin(joined: JoinedDevice, entries: readonly Uint8Array[]): IdentityState {
  const state = validateIdentityChain(entries, joined.identity);
  checkExtendsPinned(entries, { length: joined.identityHead.seq + 1, head: joined.identityHead.head });
  if (deviceTrustedAt(state, joined.device.deviceId, state.length - 1) === undefined) {
    throw new VaultError('UNTRUSTED_WRITER', 'this device is not trusted in the identity chain (revoked since it joined?)');
  }
  const approver = state.devices.get(keyOf(joined.approvedBy.id));
  if (approver === undefined || !equalBytes(approver.signingKey, joined.approvedBy.signingKey)) {
    throw new VaultError('FORK', 'the device that approved this one has another key in the identity chain');
  }
  const generation = state.userKeyHistory[joined.userKey.generation];
  if (generation === undefined || !equalBytes(generation.publicKey, joined.userKey.publicKey)) {
    throw new VaultError('FORK', `user-key generation ${joined.userKey.generation} has another public key in the identity chain`);
  }
  return state;
}
