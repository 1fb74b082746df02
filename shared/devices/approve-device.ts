/**
 * The trusted device appends the new device's add-device entry (DESIGN.md §5 "Appends to a chain
 * are compare-and-swap", docs/pairing.md §5): fetch and validate its identity chain, let
 * `TrustedPairing.approve` sign the entry on that head (the current user key sealed to the new
 * device inside), append it with `prev` = that head, and on CONFLICT (another entry won the race)
 * do it again on the new head; the SAS was confirmed once and is not asked again. Only the approval
 * whose entry the server took is returned: the new device's confirmJoin refuses any other.
 *
 * The served chain must be valid for this identity (FORK for another genesis) and, when the caller
 * passes the entries it pinned, extend them (ROLLBACK, FORK). Refuses: the current user-key
 * generation not held (LOCKED), CONFLICT after `attempts` lost races, and whatever the pairing, the
 * chain rules or the transport refuse.
 */
import { checkExtendsPinned } from '../chains/chain-link';
import { entryHash } from '../chains/entry';
import type { IdentityState } from '../chains/identity-chain';
import type { CollectionPin } from '../pairing/payloads';
import type { TrustedPairing } from '../pairing/trusted-side';
import { VaultError } from '../protocol/errors';
import type { Position } from '../sync/batch';
import type { SyncTransport } from '../sync/engine/ports';
import { servedIdentityChain } from './chain-append';
import type { UserKeyOf } from './collection-keys';

export interface ApprovalInput {
  /** The identity (account) id. */
  readonly identity: Uint8Array;
  /** This device's user keys by generation (the current one is sealed to the new device). */
  readonly userKeyOf: UserKeyOf;
  /** Heads for the new device to pin (collection-pins.ts `collectionPin`). */
  readonly collections: readonly CollectionPin[];
  /** The identity-chain entries this device already pinned, which the served chain must extend. */
  readonly pinned?: readonly Uint8Array[];
  /** How many compare-and-swap races to lose before giving up (default 5). */
  readonly attempts?: number;
}

export interface AppendedApproval {
  /** The approval message to deliver to the new device. */
  readonly message: Uint8Array;
  /** Where the server put the add-device entry. */
  readonly position: Position;
  /** The identity chain after the entry. */
  readonly state: IdentityState;
}

async function servedChain(transport: Pick<SyncTransport, 'identityChain'>, input: ApprovalInput): Promise<IdentityState> {
  const { entries, state } = await servedIdentityChain(transport, input.identity);
  const pinned = input.pinned ?? [];
  const pinnedLast = pinned[pinned.length - 1];
  if (pinnedLast !== undefined) checkExtendsPinned(entries, { length: pinned.length, head: entryHash(pinnedLast) });
  return state;
}

/** Approve and append (compare-and-swap, retried on CONFLICT); returns the approval to deliver. */
export async function appendApproval(
  pairing: TrustedPairing,
  transport: Pick<SyncTransport, 'identityChain' | 'appendIdentityEntry'>,
  input: ApprovalInput,
): Promise<AppendedApproval> {
  const attempts = input.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const state = await servedChain(transport, input);
    const userKey = input.userKeyOf(state.userKey.generation);
    if (userKey === undefined) throw new VaultError('LOCKED', `this device does not hold user-key generation ${state.userKey.generation}`);
    const approval = await pairing.approve({ identity: state, userKey, collections: input.collections });
    try {
      const position = await transport.appendIdentityEntry(input.identity, approval.entry.bytes, state.head);
      return { message: approval.message, position, state: approval.entry.state };
    } catch (error) {
      if (!(error instanceof VaultError && error.code === 'CONFLICT') || attempt >= attempts) throw error;
    }
  }
}
