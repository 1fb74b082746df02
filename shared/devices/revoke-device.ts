/**
 * Revoking a device (DESIGN.md §5 "Revocation order": revoke → new user-key generation → rotate
 * collections): the revoke-device entry, signed by a trusted device and appended compare-and-swap
 * (chain-append.ts). The server marks the device revoked in the same commit, which ends its
 * sessions at once (its next request is 401); clients refuse anything it signs at a chain position
 * after the revocation, and anything it backdates once the log references a later position
 * (shared/sync/verify-batch.ts). What the revoked device may still hold (the user key and the
 * collection keys of the current epochs) is what `rotateAfterRevoke` (rotate-after-revoke.ts) makes
 * worthless for anything written afterwards: call it right after this.
 *
 * The trust view should also list what the revoked device could read (every item of every
 * collection it held a key for, history included) and the devices it enrolled
 * (shared/chains/identity-chain.ts `devicesEnrolledBy`), offering to revoke those too.
 * Refuses: revoking the last trusted device (BAD_CHAIN), and every other chain rule as
 * appendIdentityEntry does. A device that is not trusted any more is left alone (nothing appended).
 */
import { appendIdentityEntry } from '../chains/append';
import { keyOf } from '../chains/chain-link';
import type { IdentityState } from '../chains/identity-chain';
import type { SyncTransport } from '../sync/engine/ports';
import { appendToIdentityChain } from './chain-append';
import type { DeviceCredentials } from './key-ring';

/** Append revoke-device for `target` (no-op when it is revoked already); returns the chain after it. */
export function revokeDevice(
  transport: Pick<SyncTransport, 'identityChain' | 'appendIdentityEntry'>,
  signer: DeviceCredentials,
  target: Uint8Array,
  time: () => number = Date.now,
): Promise<IdentityState> {
  return appendToIdentityChain(transport, signer.identity, async (state) => {
    if (state.devices.get(keyOf(target))?.status !== 'trusted') return null;
    return appendIdentityEntry(state, state.head, { by: 'device', id: signer.device, seed: signer.seed }, { op: 'revoke-device', args: { deviceId: target } }, time());
  });
}
