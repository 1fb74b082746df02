/**
 * The trusted side of pairing in the worker (DESIGN.md §7, docs/pairing.md §2 and §5,
 * docs/sync-extension.md "Pairing"): one invite at a time.
 *
 *   begin(master password) → re-checked (throttled like unlock) → createInvite(account's server,
 *   identity id as fingerprint) → TrustedPairing.start → TrustedRelayExchange polls the relay for
 *   the new device's hello and reveal → "pick": three candidates → choose(code) → approve: the
 *   add-device entry appended through this device's transport (compare-and-swap, approve again on
 *   CONFLICT: shared/devices/approve-device.ts) → the approval posted to the relay → done.
 *
 * The TrustedPairing snapshot (invite secret, k, device seed) is kept in memory and in
 * chrome.storage.session only (`snapshots`), never on disk, and removed when the invite ends.
 * With "Require a passkey to approve new devices" on (vault/pairing-policy.ts), a right pick leads
 * to the phase "passkey" instead: nothing is appended until `approveWithPasskey` gets a PRF output
 * that unwraps one of this vault's passkey wraps of the bundle key (shared/vault/passkey-proof.ts);
 * a wrong one (WRONG_PASSKEY) ends the invite with nothing appended.
 * A wrong pick, "none of these", expiry (5 minutes on this device's clock), two answers or a lock
 * end the invite and close its mailbox. Refuses: WRONG_PASSWORD (and the throttle's codes),
 * NOT_FOUND (no sync account), BAD_INPUT (nothing to pick now).
 */
import { entryHash } from '../../../shared/chains/entry';
import { validateIdentityChain } from '../../../shared/chains/identity-chain';
import { equalBytes } from '../../../shared/crypto/constant-time';
import { appendApproval } from '../../../shared/devices/approve-device';
import type { PairingMailbox } from '../../../shared/devices/pairing-exchange';
import { TrustedRelayExchange } from '../../../shared/devices/trusted-exchange';
import { createInvite, encodeInvite } from '../../../shared/pairing/invite';
import { TrustedPairing, type TrustedPairingState } from '../../../shared/pairing/trusted-side';
import { VaultError } from '../../../shared/protocol/errors';
import type { PairingStatusView } from '../../../shared/protocol/messages';
import type { PasskeyProof } from '../../../shared/vault/passkey-proof';
import type { PairingAccess } from '../sync/sync-service';

export interface PairingSnapshots {
  save(state: TrustedPairingState): Promise<void>;
  clear(): Promise<void>;
}

export interface PairingServiceDeps {
  /** Re-entry of the master password (vault-session.ts `confirmPassword`). */
  confirmPassword(password: string): Promise<void>;
  /** The connected account (sync-service.ts `pairingAccess`). */
  access(): Promise<PairingAccess>;
  /** The invite's mailbox on the relay (shared/protocol/client/pairing-relay.ts). */
  relay(server: string, inviteId: Uint8Array): PairingMailbox;
  snapshots: PairingSnapshots;
  clock: { now(): number };
  /** Longest relay long-poll in seconds (default 5). */
  pollSeconds?: number;
  /** "Require a passkey to approve new devices" (vault/pairing-policy.ts); absent means never. */
  secondFactor?: { required(): Promise<boolean>; verify(proof: PasskeyProof): Promise<void> };
}

interface Current {
  readonly exchange: TrustedRelayExchange;
  readonly access: PairingAccess;
  readonly invite: string;
  readonly expiresAt: number;
  phase: PairingStatusView['phase'];
  candidates?: readonly string[];
  error?: { code: string; message: string };
}

function errorOf(error: unknown): { code: string; message: string } {
  if (error instanceof VaultError) return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: 'internal error' };
}

export function pairingService(deps: PairingServiceDeps) {
  let current: Current | null = null;

  function view(): PairingStatusView {
    const c = current;
    if (c === null) return { phase: 'none' };
    const open = c.phase === 'waiting' || c.phase === 'pick' || c.phase === 'approving';
    return {
      phase: c.phase,
      ...(open ? { invite: c.invite, expiresAt: c.expiresAt } : {}),
      ...(c.phase === 'passkey' ? { expiresAt: c.expiresAt } : {}),
      ...(c.phase === 'pick' && c.candidates !== undefined ? { candidates: [...c.candidates] } : {}),
      ...(c.error !== undefined ? { error: c.error } : {}),
    };
  }

  async function end(c: Current, phase: 'done' | 'failed' | 'cancelled', error?: unknown): Promise<void> {
    c.phase = phase;
    if (error !== undefined) c.error = errorOf(error);
    if (current === c) await deps.snapshots.clear();
  }

  async function save(c: Current): Promise<void> {
    if (current === c) await deps.snapshots.save(c.exchange.pairing.snapshot);
  }

  function waitForReveal(c: Current): void {
    c.exchange.candidates().then(
      async (candidates) => {
        if (c.phase !== 'waiting') return;
        c.candidates = candidates;
        c.phase = 'pick';
        await save(c);
      },
      async (error: unknown) => {
        if (c.phase === 'waiting') await end(c, 'failed', error);
      },
    );
  }

  async function begin(masterPassword: string): Promise<PairingStatusView> {
    await deps.confirmPassword(masterPassword);
    const access = await deps.access();
    if (current !== null && (current.phase === 'waiting' || current.phase === 'pick' || current.phase === 'passkey')) await cancel();
    const page = await access.transport.identityChain(access.identity, 0);
    const last = page.entries[page.entries.length - 1];
    if (last === undefined || !equalBytes(entryHash(last), page.head)) throw new VaultError('FORK', "the server's identity chain head is not its last entry's hash");
    const identity = validateIdentityChain(page.entries, access.identity);
    const invite = createInvite(access.server, access.identity);
    const pairing = TrustedPairing.start(invite, { deviceId: access.deviceId, seed: access.seed }, identity, deps.clock);
    const exchange = new TrustedRelayExchange(pairing, deps.relay(access.server, invite.inviteId), { clock: deps.clock, pollSeconds: deps.pollSeconds ?? 5 });
    const c: Current = { exchange, access, invite: encodeInvite(invite), expiresAt: pairing.expiresAt, phase: 'waiting' };
    current = c;
    await save(c);
    waitForReveal(c);
    return view();
  }

  async function approve(c: Current): Promise<void> {
    const { message } = await appendApproval(c.exchange.pairing, c.access.transport, {
      identity: c.access.identity,
      userKeyOf: c.access.userKeyOf,
      collections: c.access.collections,
    });
    await c.exchange.deliver(message);
    await end(c, 'done');
  }

  async function fail(c: Current, error: unknown): Promise<void> {
    await c.exchange.cancel().catch(() => {});
    await end(c, 'failed', error);
  }

  async function choose(code: string): Promise<PairingStatusView> {
    const c = current;
    if (c === null || c.phase !== 'pick') throw new VaultError('BAD_INPUT', 'there is no code to pick now');
    c.phase = 'approving';
    try {
      await c.exchange.choose(code);
      await save(c);
      if (deps.secondFactor !== undefined && (await deps.secondFactor.required())) c.phase = 'passkey';
      else await approve(c);
    } catch (error) {
      await fail(c, error);
    }
    return view();
  }

  /** The second factor: a passkey proof checked here, then the same approval as without the policy. */
  async function approveWithPasskey(proof: PasskeyProof): Promise<PairingStatusView> {
    const c = current;
    if (c === null || c.phase !== 'passkey') throw new VaultError('BAD_INPUT', 'no new device is waiting for a passkey now');
    c.phase = 'approving';
    try {
      if (deps.clock.now() >= c.expiresAt) throw new VaultError('STALE', 'the invite expired after 5 minutes: make a new one');
      if (deps.secondFactor === undefined) throw new VaultError('INTERNAL', 'no passkey check is configured');
      await deps.secondFactor.verify(proof);
      await approve(c);
    } catch (error) {
      await fail(c, error);
    }
    return view();
  }

  async function cancel(): Promise<PairingStatusView> {
    const c = current;
    if (c !== null && (c.phase === 'waiting' || c.phase === 'pick' || c.phase === 'passkey')) {
      c.phase = 'cancelled';
      await deps.snapshots.clear();
      await c.exchange.cancel().catch(() => {});
    }
    return view();
  }

  return {
    begin,
    choose,
    approveWithPasskey,
    cancel,
    async status(): Promise<PairingStatusView> {
      const c = current;
      if (c !== null && (c.phase === 'waiting' || c.phase === 'pick' || c.phase === 'passkey') && deps.clock.now() >= c.expiresAt) {
        await c.exchange.cancel().catch(() => {});
        await end(c, 'failed', new VaultError('STALE', 'the invite expired after 5 minutes: make a new one'));
      }
      return view();
    },
    /** The vault locked: an open invite ends (its snapshot holds the device seed). */
    async locked(): Promise<void> {
      await cancel();
      current = null;
    },
  };
}

export type PairingService = ReturnType<typeof pairingService>;
