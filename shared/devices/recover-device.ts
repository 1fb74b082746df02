/**
 * Recovery from a fresh browser over the server (DESIGN.md §7, docs/pairing.md §7, §12): with the
 * recovery kit only,
 * 1. read the identity chain of the kit's fingerprint without a session (recovery-client.ts) and
 *    plan (shared/recovery/plan.ts: validated against the fingerprint, the kit must be the current
 *    recovery key; a fresh device added by the recovery key, every other device revoked unless
 *    kept, a new kit, a new user-key generation);
 * 2. append the plan's first entry (signed by the recovery key) without a session, then, signed in
 *    as the new device, the others through its transport. Each entry is appended on the previous
 *    one's hash; one already in the served chain at its seq is skipped, so a run cut short is
 *    resumed with the same plan (keep the plan, it holds the new device's keys);
 * 3. the caller then learns the collection keys (learn-keys.ts: the kit's user-key generation opens
 *    the current epochs), syncs every collection with the new device's engine and rotates them to
 *    the new user key (rotate-after-revoke.ts), which also re-encrypts every live item, since a
 *    device recovered this way cannot open epochs sealed to generations before the kit's.
 * Every other device learns of it: a revoked one is refused at its next request (UNAUTHORIZED); a
 * kept one's next sync reports the recovery-signed entry (SyncReport `recoverySigned`).
 * Refuses: what planRecovery refuses (FORK, UNTRUSTED_WRITER for a revoked or replaced kit, …); a
 * chain that moved since the plan was made, before the plan's entries (CONFLICT: plan again); and
 * what the server refuses.
 */
import { decodeEntry, entryHash } from '../chains/entry';
import { equalBytes } from '../crypto/constant-time';
import type { FetchLike } from '../protocol/client/http-exchange';
import { HttpTransport } from '../protocol/client/http-transport';
import { appendRecoveryEntry, fetchChainForRecovery } from '../protocol/client/recovery-client';
import { VaultError } from '../protocol/errors';
import type { RecoveryKit } from '../recovery/kit';
import { planRecovery, type RecoveryPlan } from '../recovery/plan';
import type { ChainPage } from '../sync/engine/ports';
import { KeyRing } from './key-ring';

export interface RecoveryOptions {
  /** The server's URL. */
  readonly server: string;
  readonly fetch: FetchLike;
  /** The origin signed into sign-in challenges (default: the server URL). */
  readonly origin?: string;
  readonly kit: RecoveryKit;
  /** Devices to keep trusted (default none). */
  readonly keep?: readonly Uint8Array[];
  /** A plan made earlier and kept (resuming after a crash); made now when absent. */
  readonly plan?: RecoveryPlan;
}

export interface RecoveredIdentity {
  readonly plan: RecoveryPlan;
  /** The new device's transport, signed in as it. */
  readonly transport: HttpTransport;
  /** The user keys the plan holds (the kit's generation and the new one). */
  readonly keys: KeyRing;
}

/** Whether the served chain already holds `entry` at its seq; CONFLICT when it holds another entry there. */
function alreadyIn(served: ChainPage, entry: Uint8Array): boolean {
  const seq = decodeEntry(entry).body.seq;
  const there = served.entries[seq];
  if (there === undefined) return false;
  if (equalBytes(entryHash(there), entryHash(entry))) return true;
  throw new VaultError('CONFLICT', `the identity chain holds another entry at seq ${seq} than the recovery plan: plan again`);
}

export async function recoverIdentity(options: RecoveryOptions): Promise<RecoveredIdentity> {
  const client = { server: options.server, fetch: options.fetch };
  const identity = options.kit.fingerprint;
  let served = await fetchChainForRecovery(client, identity);
  const plan = options.plan ?? (await planRecovery({ entries: served.entries, kit: options.kit, ...(options.keep === undefined ? {} : { keep: options.keep }) }));
  const transport = new HttpTransport({
    server: options.server,
    fetch: options.fetch,
    device: { identity, device: plan.device.deviceId, seed: plan.device.seed },
    ...(options.origin === undefined ? {} : { origin: options.origin }),
  });
  const [first, ...rest] = plan.entries;
  if (first === undefined) throw new VaultError('INTERNAL', 'a recovery plan has entries');
  if (!alreadyIn(served, first.bytes)) await appendRecoveryEntry(client, identity, first.bytes, decodeEntry(first.bytes).body.prev);
  if (rest.length > 0) served = await transport.identityChain(identity, 0);
  for (const entry of rest) {
    if (!alreadyIn(served, entry.bytes)) await transport.appendIdentityEntry(identity, entry.bytes, decodeEntry(entry.bytes).body.prev);
  }
  const keys = new KeyRing();
  for (const userKey of plan.userKeys) keys.addUserKey(userKey);
  return { plan, transport, keys };
}
